import ArgumentParser
import WorkPlan

// What each value of an option means. argument-parser lists them under the option, in --help
// and in the manual page that its generate-manual plugin makes from the same definitions
// (which lists an option's values only when they have descriptions).

extension ReportFormat {
    var defaultValueDescription: String {
        switch self {
        case .text: return "aligned columns for a terminal"
        case .markdown: return "tables for a meeting note"
        case .csv: return "RFC 4180 rows for a spreadsheet or a script"
        case .json: return "for scripts"
        case .html: return "a page for a browser, which prints on A4"
        case .xlsx: return "a spreadsheet (with --output, or stdout redirected)"
        }
    }
}

extension ListFormat {
    var defaultValueDescription: String {
        switch self {
        case .table: return "aligned columns for a terminal"
        case .json: return "for scripts"
        case .csv: return "RFC 4180 rows for a spreadsheet or a script"
        case .markdown: return "a table for a meeting note"
        }
    }
}

extension SheetListFormat {
    var defaultValueDescription: String {
        list?.defaultValueDescription ?? "a spreadsheet (with --output, or stdout redirected)"
    }
}

extension DetailFormat {
    var defaultValueDescription: String {
        switch self {
        case .text: return "for a terminal"
        case .json: return "for scripts"
        }
    }
}

extension ExportFormat {
    var defaultValueDescription: String {
        switch self {
        case .json: return "the whole plan with its event log, to import elsewhere"
        case .csv: return "one row per milestone"
        case .iati: return "IATI 2.03 activities XML, to publish"
        case .xlsx: return "a spreadsheet: activities, milestones, indicators and events"
        case .ics: return "the milestones as a calendar (RFC 5545), of --group or --agency where given"
        }
    }
}

extension ImportFormat {
    public var defaultValueDescription: String {
        switch self {
        case .json: return "a mawp JSON export"
        case .csv: return "one row per milestone, as mawp export --format csv writes"
        }
    }
}

extension ActivityStatus {
    public var defaultValueDescription: String {
        switch self {
        case .planned: return "not started and no milestone done"
        case .inProgress: return "started, or some milestone done"
        case .completed: return "every milestone done (at least one)"
        case .cancelled: return "cancelled"
        }
    }
}

extension GroupKind {
    public var defaultValueDescription: String {
        switch self {
        case .workingGroup: return "a working group (chair and co-chair)"
        case .taskForce: return "a task force (convener and co-convener)"
        }
    }
}

extension AgencyKind {
    public var defaultValueDescription: String {
        switch self {
        case .gmgMember: return "a GMG member"
        case .government: return "a government"
        case .employers: return "an employers' organization"
        case .workers: return "a workers' organization"
        case .civilSociety: return "civil society"
        case .internationalOrganization: return "an international organization outside the GMG"
        case .academia: return "academia and research"
        case .privateSector: return "the private sector"
        case .other: return "any other stakeholder"
        }
    }
}

extension IndicatorMeasure {
    public var defaultValueDescription: String {
        switch self {
        case .unit: return "a count or an amount"
        case .percentage: return "a percentage"
        case .qualitative: return "text, such as \"endorsed\""
        }
    }
}

extension IndicatorResult {
    public var defaultValueDescription: String {
        switch self {
        case .output: return "what the activity delivers"
        case .outcome: return "the change it brings about"
        }
    }
}

extension Role {
    public var defaultValueDescription: String {
        switch self {
        case .admin: return "everything, and the accounts"
        case .editor: return "changes to their agency's work"
        case .viewer: return "reads only"
        }
    }
}
