import Hummingbird
import WorkPlan

/// The references a route's path names, parsed by the plan's one parser for their kind: one
/// that is not a reference is 404, with what a reference of its kind looks like.
extension RequestContext {
    func activityRef() throws -> ActivityRef { try pathParameter("ref", Values.activity) }

    func milestoneRef() throws -> MilestoneRef { try pathParameter("ref", Values.milestone) }

    func indicatorRef() throws -> IndicatorRef { try pathParameter("ref", Values.indicator) }

    func groupCode() throws -> String { try pathParameter("code", Values.group) }

    func agencyCode() throws -> String { try pathParameter("code", Values.agency) }

    func periodCode() throws -> String { try pathParameter("code", Values.period) }

    private func pathParameter<Value>(_ name: String, _ parse: (String, String) throws -> Value) throws -> Value {
        do {
            return try parse(parameters.get(name) ?? "", "")
        } catch let error as PlanError {
            throw Problem(.notFound, error.description)
        }
    }
}
