import Rendering
import WorkPlan

/// The four list formats over one table (text, Markdown), its machine columns (CSV) and JSON.
enum ListOutput {
    /// `plain`: no colours (the list goes to a file).
    static func render(_ format: ListFormat, table: Table, csv: Table, json: JSON, plain: Bool = false) -> String {
        switch format {
        case .table: return table.rows.isEmpty ? "Nothing to list.\n" : table.text(style: plain ? .plain : Console.style)
        case .markdown: return table.markdown()
        case .csv: return csv.csv()
        case .json: return json.serialized(pretty: true) + "\n"
        }
    }
}
