import SQLite

/// How an indicator is measured (IATI's indicator measure codes 1, 2 and 5).
public enum IndicatorMeasure: String, CaseIterable, Sendable {
    case unit
    case percentage
    case qualitative

    public var isNumeric: Bool { self != .qualitative }
}

/// The kind of result an indicator measures (IATI result types 1 and 2).
public enum IndicatorResult: String, CaseIterable, Sendable {
    case output
    case outcome
}

/// A baseline, target or actual: a number for unit and percentage indicators, text for
/// qualitative ones.
public enum IndicatorValue: Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var description: String {
        switch self {
        case .number(let value): return JSON.format(value)
        case .text(let text): return text
        }
    }

    /// Parses what a user typed for an indicator of `measure` (`field` names it in errors): a
    /// plain decimal number within ``Values/numberLimit`` for a numeric indicator, one line of
    /// text for a qualitative one. Throws ``PlanError/invalidNumber(field:value:)`` for what is
    /// not a number, and the errors of ``Values`` for what is out of range.
    public static func parse(_ text: String, measure: IndicatorMeasure, field: String) throws -> IndicatorValue {
        guard measure.isNumeric else { return .text(try Values.checked(text: text, field: field)) }
        return .number(try Values.number(text, field: field))
    }

    /// This value checked for an indicator of `measure` (as a JSON body or file gives it): nil
    /// when its kind does not suit the measure (text for a numeric indicator, a number for a
    /// qualitative one); numbers must be in range and text one line.
    public func checked(for measure: IndicatorMeasure, field: String) throws -> IndicatorValue? {
        switch self {
        case .number(let number) where measure.isNumeric: return .number(try Values.checked(number, field: field))
        case .text(let text) where !measure.isNumeric: return .text(try Values.checked(text: text, field: field))
        default: return nil
        }
    }
}

extension JSON {
    /// A baseline, target or actual value: a number, text, or null.
    public static func indicator(_ value: IndicatorValue?) -> JSON {
        switch value {
        case .number(let number)?: return .double(number)
        case .text(let text)?: return .string(text)
        case nil: return .null
        }
    }
}

/// An indicator with its latest actual value as of a date.
public struct IndicatorState: Hashable, Sendable {
    public let ref: IndicatorRef
    public let title: String
    public let measure: IndicatorMeasure
    public let ascending: Bool
    public let result: IndicatorResult
    public let baseline: IndicatorValue?
    public let baselineYear: Int?
    public let target: IndicatorValue?
    public let periodEnd: Day?
    /// The latest value recorded on or before the date, and its date.
    public let actual: IndicatorValue?
    public let actualOn: Day?

    /// The share of the way from baseline to target reached by the actual value, in percent
    /// (100 × (actual − baseline) ÷ (target − baseline), baseline 0 when there is none), or nil
    /// for a qualitative indicator, one without an actual value or target, or target = baseline.
    /// It is not capped: 120 means the target was passed.
    public var percentToTarget: Double? {
        guard measure.isNumeric, let actual = actual?.number, let target = target?.number else { return nil }
        let baseline = baseline?.number ?? 0
        guard target != baseline else { return nil }
        // Values stored before they were checked (or a tiny gap between baseline and target)
        // can make the ratio overflow: no percentage then, rather than an infinity.
        let percent = 100 * (actual - baseline) / (target - baseline)
        return percent.isFinite ? percent : nil
    }
}

/// Indicator progress of a group: how many indicators, and the mean of their progress (each
/// capped to 0-100) over those that have one.
public struct IndicatorTally: Hashable, Sendable {
    public var indicators = 0
    public var measured = 0
    public var percentSum = 0.0

    public init() {}

    public mutating func add(_ state: IndicatorState) {
        indicators += 1
        if let percent = state.percentToTarget {
            measured += 1
            percentSum += min(100, max(0, percent))
        }
    }

    /// The mean progress towards target, or nil when no indicator has one.
    public var meanPercent: Double? { measured == 0 ? nil : percentSum / Double(measured) }

    public static func + (lhs: IndicatorTally, rhs: IndicatorTally) -> IndicatorTally {
        var sum = lhs
        sum.indicators += rhs.indicators
        sum.measured += rhs.measured
        sum.percentSum += rhs.percentSum
        return sum
    }
}
