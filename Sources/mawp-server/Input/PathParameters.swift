import Hummingbird
import WorkPlan

/// The references a route's path names: one that is not a reference is 404.
extension RequestContext {
    func activityRef() throws -> ActivityRef {
        let text = parameters.get("ref") ?? ""
        guard let ref = ActivityRef(text) else { throw Problem(.notFound, "'\(text)' is not an activity reference (GROUP-N)") }
        return ref
    }

    func milestoneRef() throws -> MilestoneRef {
        let text = parameters.get("ref") ?? ""
        guard let ref = MilestoneRef(text) else { throw Problem(.notFound, "'\(text)' is not a milestone reference (ACTIVITY.K)") }
        return ref
    }

    func indicatorRef() throws -> IndicatorRef {
        let text = parameters.get("ref") ?? ""
        guard let ref = IndicatorRef(text) else { throw Problem(.notFound, "'\(text)' is not an indicator reference (ACTIVITY.iK)") }
        return ref
    }

    func groupCode() throws -> String {
        let text = parameters.get("code") ?? ""
        guard let code = GroupCode.canonical(text) else { throw Problem(.notFound, "'\(text)' is not a group code") }
        return code
    }

    func agencyCode() throws -> String {
        let text = parameters.get("code") ?? ""
        guard let code = AgencyCode.canonical(text) else { throw Problem(.notFound, "'\(text)' is not an agency code") }
        return code
    }
}
