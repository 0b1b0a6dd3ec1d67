import Foundation
import Testing

/// The accounts of mawp-server as the secretariat keeps them on the host for years (DESIGN §8):
/// a user disabled and enabled again, and never a plan that nobody can administer.
@Suite struct AccountTests {
    static func users(_ sandbox: Sandbox) throws -> String {
        try sandbox.mawp("user", "list", "--format", "json").stdout
    }

    @Test func aDisabledUserIsEnabledAgainAndItsPasswordIsNotSetWhileDisabled() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("user", "add", "secretariat", "--agency", "IOM", "--role", "admin")
        try sandbox.mawp("user", "add", "amina", "--agency", "UNICEF", "--role", "editor")
        let disabled = try sandbox.mawp("user", "disable", "amina")
        #expect(disabled.status == 0 && disabled.stdout == "Disabled amina.\n", "\(disabled.stderr)")

        // A password for a disabled user: refused, with the way out, and nothing changed.
        let before = try sandbox.bytes()
        let password = try sandbox.run(["user", "password", "amina", "--password-stdin", "--db", sandbox.db], input: "a long passphrase\n")
        #expect(password.status == 65, "\(password.stdout)")
        #expect(password.stdout.isEmpty)
        #expect(password.stderr.contains("amina is disabled"), "\(password.stderr)")
        #expect(password.stderr.contains("mawp user enable amina"), "\(password.stderr)")
        #expect(try sandbox.bytes() == before, "the database changed")

        let enabled = try sandbox.mawp("user", "enable", "amina")
        #expect(enabled.status == 0 && enabled.stdout == "Enabled amina.\n", "\(enabled.stderr)")
        let list = try sandbox.mawp("user", "list").stdout
        #expect(list.contains("amina") && !list.contains("disabled"), "\(list)")
        let again = try sandbox.mawp("user", "enable", "amina")
        #expect(again.status == 0 && again.stdout.contains("amina is not disabled; nothing changed"))
        let set = try sandbox.run(["user", "password", "amina", "--password-stdin", "--db", sandbox.db], input: "a long passphrase\n")
        #expect(set.status == 0 && set.stdout == "Set the password of amina.\n", "\(set.stderr)")
        try expectFailure(sandbox, ["user", "enable", "nobody"], status: 65, message: "unknown user 'nobody'")
    }

    @Test func theLastActiveAdminIsNeitherDisabledNorMadeAnotherRole() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("user", "add", "secretariat", "--agency", "IOM", "--role", "admin")
        try sandbox.mawp("user", "add", "amina", "--agency", "UNICEF", "--role", "editor")
        let users = try Self.users(sandbox)
        try expectFailure(sandbox, ["user", "disable", "secretariat"], status: 65, message: "secretariat is the last active admin")
        try expectFailure(sandbox, ["user", "edit", "secretariat", "--role", "editor"], status: 65, message: "secretariat is the last active admin")
        let refused = try sandbox.mawp("user", "edit", "secretariat", "--role", "viewer")
        #expect(refused.stderr.contains("make another user an admin first"), "a hint: \(refused.stderr)")
        #expect(try Self.users(sandbox) == users)
        #expect(try sandbox.mawp("check").status == 0)

        // With a second admin, the first may go; then the second is the last.
        #expect(try sandbox.mawp("user", "edit", "amina", "--role", "admin").stdout == "Changed amina.\n")
        #expect(try sandbox.mawp("user", "disable", "secretariat").status == 0)
        try expectFailure(sandbox, ["user", "disable", "amina"], status: 65, message: "amina is the last active admin")
        try expectFailure(sandbox, ["user", "edit", "amina", "--role", "viewer", "--agency", "WHO"], status: 65,
                          message: "amina is the last active admin")
        // A disabled admin is no admin to fall back on; enabled again, it is.
        #expect(try sandbox.mawp("user", "enable", "secretariat").status == 0)
        #expect(try sandbox.mawp("user", "edit", "amina", "--role", "editor", "--agency", "UNICEF").status == 0)
        let list = try Self.users(sandbox)
        #expect(list.contains("\"editor\""), "\(list)")
        #expect(try sandbox.mawp("user", "edit", "amina", "--agency", "unicef").stdout.contains("nothing changed"))
        try expectFailure(sandbox, ["user", "edit", "amina"], status: 64, message: "give --role, --agency, --email, --no-email or --reminders")
        #expect(try sandbox.mawp("check").status == 0)
    }
}
