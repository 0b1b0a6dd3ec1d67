/// Colour for people at a terminal, and nothing else: no colour when output is not a
/// terminal or `NO_COLOR` is set (<https://no-color.org>).
public struct Style: Sendable {
    public let colour: Bool

    public init(colour: Bool) { self.colour = colour }

    public static let plain = Style(colour: false)

    private func wrap(_ text: String, _ code: String) -> String {
        colour && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func dim(_ text: String) -> String { wrap(text, "2") }
    public func red(_ text: String) -> String { wrap(text, "31") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func yellow(_ text: String) -> String { wrap(text, "33") }
}

/// Text made safe and measured for a terminal.
public enum Terminal {
    /// C0 controls, DEL and C1 controls: the characters that can move the cursor, change
    /// colours or retitle the window if printed raw.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// User text for a terminal: every control character shown as a visible escape (`\u{1B}`),
    /// line breaks shown as `↵` unless `keepNewlines`.
    public static func safe(_ text: String, keepNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                out += keepNewlines ? "\n" : "↵"
            } else if scalar == "\t" {
                out += keepNewlines ? "\t" : " "
            } else if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Columns the text takes in a monospaced terminal: one per character, two for wide
    /// (East Asian, emoji) characters.
    public static func width(of text: String) -> Int {
        var width = 0
        for character in text {
            guard let scalar = character.unicodeScalars.first else { continue }
            width += isWide(scalar) ? 2 : 1
        }
        return width
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// A bar of `width` cells, filled in eighths for `percent` (0-100).
    public static func bar(percent: Double, width: Int = 20) -> String {
        // Clamped to the bar, so that no percentage (not even NaN) can trap the conversion.
        let scaled = (max(0, min(100, percent)) / 100 * Double(width * 8)).rounded()
        let eighths = Int(exactly: scaled) ?? 0
        let full = eighths / 8
        let partial = eighths % 8
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var bar = String(repeating: "█", count: full)
        if partial > 0 { bar += partials[partial] }
        let used = full + (partial > 0 ? 1 : 0)
        return bar + String(repeating: "░", count: max(0, width - used))
    }
}
