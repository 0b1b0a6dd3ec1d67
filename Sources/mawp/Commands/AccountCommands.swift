import ArgumentParser
import Rendering
import WorkPlan

extension Role: ExpressibleByArgument {}
extension ReminderSetting: ExpressibleByArgument {}

/// The accounts of `mawp-server`, managed on the host (DESIGN §8).
extension Mawp {
    struct UserCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user", _superCommandName: Mawp.name,
            abstract: "The users of mawp-server: each bound to an agency with a role (admin, editor or viewer).",
            subcommands: [Add.self, List.self, Edit.self, Disable.self, Enable.self, Password.self]
        )
    }

    struct TokenCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", _superCommandName: Mawp.name,
            abstract: "API tokens of mawp-server's users (Authorization: Bearer …).",
            subcommands: [Create.self, List.self, Revoke.self]
        )
    }

    /// The first line of standard input, for `--password-stdin`.
    static func passwordFromStandardInput() throws -> String {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw MawpError(.usage, "--password-stdin: standard input has no password on its first line")
        }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }
}

extension Mawp.UserCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", _superCommandName: Mawp.name,
            abstract: "Add a user. Without --password-stdin, prints a one-time set-up code (alone on the last line) "
                + "with which the user chooses a password.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The user's name: letters, digits and . _ @ - (such as amina.unicef).", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("The agency the user works for.", valueName: "agency"), transform: Parse.agency)
        var agency: String

        @Option(help: "admin (everything), editor (the work of the user's agency) or viewer (reads only).")
        var role: Role

        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
        var passwordStdin = false

        @Option(help: ArgumentHelp("Where mawp remind writes to the user (local-part@domain).", valueName: "address"), transform: Parse.email)
        var email: String?

        @Option(help: "How often mawp remind writes: weekly (the first run of each ISO week), daily, or off.")
        var reminders: ReminderSetting = .weekly

        func run() throws {
            let password = passwordStdin ? try Mawp.passwordFromStandardInput() : nil
            let (account, code) = try database.withStore {
                try $0.addUser(name: name, agency: agency, role: role, password: password, email: email, reminders: reminders)
            }
            Console.out("Added user \(Terminal.safe(account.name)) (\(account.agency), \(account.role.rawValue)).\n")
            if let code {
                Console.out("One-time set-up code, to give to \(Terminal.safe(account.name)) (it chooses a password with it; "
                            + "it is shown only now):\n\(code)\n")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", _superCommandName: Mawp.name, abstract: "The users, by name.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: ListFormat = .table

        func run() throws {
            let users = try database.withStore { try $0.users() }
            Console.out(ListOutput.render(format, table: AccountsView.table(users), csv: AccountsView.csvTable(users),
                                          json: AccountsView.json(users)))
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", _superCommandName: Mawp.name, abstract: "Disable a user: sign-ins, sessions and tokens are refused from now on.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The user.", valueName: "name"))
        var name: String

        func run() throws {
            let outcome = try database.withStore { try $0.disableUser(name) }
            Console.outcome(outcome, changed: "Disabled \(name).")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", _superCommandName: Mawp.name, abstract: "Enable a disabled user again: the password and the unrevoked tokens it had work again.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The user.", valueName: "name"))
        var name: String

        func run() throws {
            let outcome = try database.withStore { try $0.enableUser(name) }
            Console.outcome(outcome, changed: "Enabled \(name).")
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", _superCommandName: Mawp.name, abstract: "Change a user's role, agency, e-mail address or reminders (never the last active admin's role).")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The user.", valueName: "name"))
        var name: String

        @Option(help: "The new role: admin, editor or viewer.")
        var role: Role?

        @Option(help: ArgumentHelp("The agency the user now works for.", valueName: "agency"), transform: Parse.agency)
        var agency: String?

        @Option(help: ArgumentHelp("The user's new e-mail address (local-part@domain).", valueName: "address"), transform: Parse.email)
        var email: String?

        @Flag(name: .customLong("no-email"), help: "Remove the user's e-mail address: mawp remind writes to them no more.")
        var noEmail = false

        @Option(help: "How often mawp remind writes: weekly, daily or off.")
        var reminders: ReminderSetting?

        func validate() throws {
            if email != nil && noEmail { throw ValidationError("give --email or --no-email, not both") }
            if role == nil && agency == nil && email == nil && !noEmail && reminders == nil {
                throw ValidationError("give --role, --agency, --email, --no-email or --reminders")
            }
        }

        func run() throws {
            let newEmail: String?? = noEmail ? .some(nil) : email.map { .some($0) }
            let outcome = try database.withStore { try $0.editUser(name, role: role, agency: agency, email: newEmail, reminders: reminders) }
            Console.outcome(outcome, changed: "Changed \(name).")
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password", _superCommandName: Mawp.name, abstract: "Set a user's password (read from the first line of standard input).")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The user.", valueName: "name"))
        var name: String

        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input (required).")
        var passwordStdin = false

        func validate() throws {
            if !passwordStdin { throw ValidationError("give --password-stdin and the password on standard input") }
        }

        func run() throws {
            let password = try Mawp.passwordFromStandardInput()
            try database.withStore { try $0.setPassword(user: name, password: password, proof: nil) }
            Console.out("Set the password of \(Terminal.safe(name)).\n")
        }
    }
}

extension Mawp.TokenCommand {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", _superCommandName: Mawp.name, abstract: "Make an API token for a user; prints it once, alone on the last line.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The user the token acts as.", valueName: "name"))
        var name: String

        @Flag(name: .customLong("read-only"), help: "The token reads only, whatever the user's role.")
        var readOnly = false

        @Option(help: ArgumentHelp("Refuse the token from this date on (UTC).", valueName: "date"), transform: Parse.day)
        var expires: Day?

        func run() throws {
            let (info, token) = try database.withStore { try $0.createToken(user: name, readOnly: readOnly, expiresOn: expires) }
            var about = "Token \(info.id) for \(Terminal.safe(info.user))" + (info.readOnly ? ", read-only" : "")
            about += info.expiresOn.map { ", refused from \($0)" } ?? ""
            Console.out(about + " (shown only now):\n\(token)\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", _superCommandName: Mawp.name, abstract: "The tokens (never their secrets), of one user or all.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("Only this user's tokens.", valueName: "name"))
        var name: String?

        @Option(help: "Output format.")
        var format: ListFormat = .table

        func run() throws {
            let tokens = try database.withStore { try $0.tokens(user: name) }
            let today = Day.today()
            Console.out(ListOutput.render(format, table: AccountsView.tokenTable(tokens, today: today),
                                          csv: AccountsView.tokenCSV(tokens, today: today), json: AccountsView.tokenJSON(tokens, today: today)))
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", _superCommandName: Mawp.name, abstract: "Revoke a token: refused from now on.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The token's number, as token list shows it.", valueName: "token-id"))
        var id: Int64

        func run() throws {
            let outcome = try database.withStore { try $0.revokeToken(id) }
            Console.outcome(outcome, changed: "Revoked token \(id).")
        }
    }
}
