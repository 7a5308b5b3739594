import ArgumentParser
import UseCases

/// `maillage token add`: the only place a token exists in clear is this command's stdout, once.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage the access tokens of `maillage serve`.",
        subcommands: [TokenAdd.self]
    )
}

struct TokenAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a random token: print it once on stdout and append its SHA-256 to the tokens file.",
        discussion: """
        The tokens file (created with mode 0600 when missing) then holds `sha256:HEX ROLE [CPTS_ID|RPPS]`: the token itself is \
        stored nowhere. A practitioner token (--rpps) sees the requests of the CPTS he practises in, accepts or declines them, \
        and updates his own roster entry. Give the printed token to its holder; `maillage serve --tokens FILE` accepts it from its next start.
        """
    )

    enum RoleName: String, ExpressibleByArgument, CaseIterable { case ars, coordinator, practitioner }

    @Option(help: "ars, coordinator or practitioner.") var role: RoleName
    @Option(help: "The CPTS of a coordinator token (required for coordinator, refused otherwise).") var cpts: String?
    @Option(help: "The RPPS number of a practitioner token (required for practitioner, refused otherwise).") var rpps: String?
    @Option(help: "The tokens file to append to.") var tokens = "tokens.txt"

    func validate() throws {
        switch (role, cpts, rpps) {
        case (.coordinator, nil, _): throw ValidationError("--role coordinator demande --cpts CPTS_ID")
        case (.practitioner, _, nil): throw ValidationError("--role practitioner demande --rpps NUMÉRO")
        case (.ars, .some, _), (.practitioner, .some, _): throw ValidationError("--cpts n'est que pour --role coordinator")
        case (.ars, _, .some), (.coordinator, _, .some): throw ValidationError("--rpps n'est que pour --role practitioner")
        default: break
        }
    }

    func run() throws {
        let chosen: Role = switch role {
        case .ars: .ars
        case .coordinator: .coordinator(cpts: cpts!)
        case .practitioner: .practitioner(rpps: rpps!)
        }
        let issue: IssueToken
        do { issue = try IssueToken(role: chosen, file: tokens) } catch let error as UseCaseError { throw ValidationError(error.naming { "--" + $0 }.description) }
        let issued = try issue.run()
        // stdout: the token alone, so that `TOKEN=$(maillage token add …)` captures it; what was done goes to stderr.
        Terminal.printText(issued.token)
        if issued.readableByOthers { Terminal.report("attention : \(tokens) est lisible par d'autres que son propriétaire (chmod 600 \(tokens))") }
        Terminal.report("SHA-256 d'un nouveau jeton \(issue.role.name)\((cpts ?? rpps).map { " pour " + $0 } ?? "") ajouté à \(tokens) ; "
                        + "le jeton n'est affiché qu'une fois et n'est conservé nulle part")
    }
}
