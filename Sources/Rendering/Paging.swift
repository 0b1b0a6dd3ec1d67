/// One page of a long list on a web page: which items it shows, a caption saying so, and the
/// links to the pages before and after. Pages are numbered from 1; a number past the last page
/// shows the last (a list that shrank since its link was made still answers).
public struct Paging: Hashable, Sendable {
    public let total: Int
    public let size: Int
    /// The page shown, 1 ... `pages`.
    public let page: Int

    public init(total: Int, page: Int, size: Int) {
        (self.total, self.size) = (max(0, total), max(1, size))
        self.page = min(max(1, page), Self.pages(total: self.total, size: self.size))
    }

    public var pages: Int { Self.pages(total: total, size: size) }

    private static func pages(total: Int, size: Int) -> Int { max(1, (total + size - 1) / size) }

    /// The indices of the items shown.
    public var range: Range<Int> { min(total, (page - 1) * size) ..< min(total, page * size) }

    /// "Showing 101–200 of 3300 activities", or nothing when one page holds them all.
    func caption(_ noun: String) -> String {
        guard pages > 1 else { return "" }
        return "<p class=\"meta\" id=\"page-caption\">Showing \(range.lowerBound + 1)–\(range.upperBound) of \(total) \(HTML.escape(noun)), "
            + "page \(page) of \(pages).</p>\n"
    }

    /// The links to the first, previous, next and last pages of `path`, or nothing when one page
    /// holds them all.
    func links(path: String) -> String {
        guard pages > 1 else { return "" }
        func link(_ target: Int, _ label: String, rel: String? = nil) -> String {
            "<a href=\"\(HTML.escape(path))\(HTML.query([("page", String(target))]))\"\(rel.map { " rel=\"\($0)\"" } ?? "")>\(label)</a>"
        }
        var items: [String] = []
        if page > 1 { items += [link(1, "First"), link(page - 1, "Previous", rel: "prev")] }
        items.append("<span aria-current=\"page\">Page \(page) of \(pages)</span>")
        if page < pages { items += [link(page + 1, "Next", rel: "next"), link(pages, "Last")] }
        return "<nav class=\"pager\" aria-label=\"Pages\"><p>" + items.joined(separator: " · ") + "</p></nav>\n"
    }
}
