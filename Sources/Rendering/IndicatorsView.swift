import WorkPlan

/// Indicators with their baseline, target and latest actual value.
public enum IndicatorsView {
    public static func table(_ indicators: [IndicatorState]) -> Table {
        Table(
            columns: [.init("Ref"), .init("Measure"), .init("Baseline", .right), .init("Target", .right),
                      .init("Actual", .right), .init("On"), .init("To target", .right), .init("Title")],
            rows: indicators.map { indicator in
                [indicator.ref.description, indicator.measure.rawValue + (indicator.ascending ? "" : " ↓"),
                 indicator.baseline.map { "\($0)" + (indicator.baselineYear.map { " (\($0))" } ?? "") } ?? "",
                 indicator.target.map { "\($0)" + (indicator.periodEnd.map { " by \($0)" } ?? "") } ?? "",
                 indicator.actual?.description ?? "", Format.day(indicator.actualOn),
                 indicator.percentToTarget.map(Format.percent) ?? "", indicator.title]
            })
    }

    public static func csvTable(_ indicators: [IndicatorState]) -> Table {
        Table(
            columns: ["ref", "activity", "title", "measure", "ascending", "baseline", "baselineYear", "target", "periodEnd",
                      "actual", "actualOn", "percentToTarget"].map { Table.Column($0) },
            rows: indicators.map { indicator in
                [indicator.ref.description, indicator.ref.activity.description, indicator.title, indicator.measure.rawValue,
                 indicator.ascending ? "true" : "false", indicator.baseline?.description ?? "",
                 indicator.baselineYear.map(String.init) ?? "", indicator.target?.description ?? "",
                 Format.day(indicator.periodEnd), indicator.actual?.description ?? "", Format.day(indicator.actualOn),
                 indicator.percentToTarget.map(JSON.format) ?? ""]
            })
    }

    public static func json(_ indicator: IndicatorState) -> JSON {
        .object([
            "ref": .string(indicator.ref.description), "activity": .string(indicator.ref.activity.description),
            "title": .string(indicator.title), "measure": .string(indicator.measure.rawValue),
            "ascending": .bool(indicator.ascending), "result": .string(indicator.result.rawValue),
            "baseline": JSON.indicator(indicator.baseline),
            "baselineYear": indicator.baselineYear.map { .int($0) } ?? .null, "target": JSON.indicator(indicator.target),
            "periodEnd": .day(indicator.periodEnd), "actual": JSON.indicator(indicator.actual), "actualOn": .day(indicator.actualOn),
            "percentToTarget": indicator.percentToTarget.map { .double($0) } ?? .null,
        ])
    }

    public static func json(_ indicators: [IndicatorState], asOf: Day) -> JSON {
        .object(["asOf": .string(asOf.description), "indicators": .array(indicators.map(json))])
    }
}
