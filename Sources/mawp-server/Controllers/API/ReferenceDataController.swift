import Hummingbird
import WorkPlan

/// The API's changes to the reference data (groups and agencies): the secretariat's
/// (``WorkPlan/Action/administer``, WorkPlan's rule). Mounted on a ``WriterContext`` group.
struct ReferenceDataController: Sendable {
    let plan: PlanService

    func addRoutes(to group: RouterGroup<WriterContext>) {
        group.post("groups", use: addGroup)
            .patch("groups/{code}", use: editGroup)
            .post("agencies", use: addAgency)
            .patch("agencies/{code}", use: editAgency)
    }

    @Sendable func addGroup(_ request: Request, context: WriterContext) async throws -> Response {
        let body = try await Body.read(request, context: context, allowed: ["code", "name", "kind", "leads"])
        guard let code = try body.group("code") else { throw Problem(.unprocessableContent, "code is required", field: "code") }
        let (name, kind, leads) = (try body.required("name"), try body.choice("kind", GroupKind.self) ?? .workingGroup, try body.agencies("leads") ?? [])
        let group = try await plan.change(context.who, .administer) { store, author in
            try store.addGroup(code: code, name: name, kind: kind, leads: leads, by: author)
        }
        return Reply.created(["code": .string(group.code)], location: "/api/v1/groups/\(group.code)")
    }

    @Sendable func editGroup(_ request: Request, context: WriterContext) async throws -> Response {
        let code = try context.groupCode()
        let body = try await Body.read(request, context: context, allowed: ["name", "leads"])
        let (name, leads) = (try body.text("name"), try body.agencies("leads"))
        guard name != nil || leads != nil else { throw Problem(.unprocessableContent, "give name, leads or both") }
        return try await plan.change(context.who, .administer) { store, author in
            Reply.outcome(try store.editGroup(code: code, name: name, leads: leads, by: author), ref: code)
        }
    }

    @Sendable func addAgency(_ request: Request, context: WriterContext) async throws -> Response {
        let body = try await Body.read(request, context: context, allowed: ["code", "name", "kind"])
        guard let code = try body.agency("code") else { throw Problem(.unprocessableContent, "code is required", field: "code") }
        let (name, kind) = (try body.required("name"), try body.choice("kind", AgencyKind.self) ?? .other)
        let agency = try await plan.change(context.who, .administer) { store, author in
            try store.addAgency(code: code, name: name, kind: kind, by: author)
        }
        return Reply.created(["code": .string(agency.code)], location: "/api/v1/agencies")
    }

    @Sendable func editAgency(_ request: Request, context: WriterContext) async throws -> Response {
        let code = try context.agencyCode()
        let body = try await Body.read(request, context: context, allowed: ["name", "kind"])
        let (name, kind) = (try body.text("name"), try body.choice("kind", AgencyKind.self))
        guard name != nil || kind != nil else { throw Problem(.unprocessableContent, "give name, kind or both") }
        return try await plan.change(context.who, .administer) { store, author in
            Reply.outcome(try store.editAgency(code: code, name: name, kind: kind, by: author), ref: code)
        }
    }
}
