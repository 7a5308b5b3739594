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
        The tokens file (created with mode 0600 when missing) then holds `sha256:HEX ROLE [CPTS_ID]`: the token itself is \
        stored nowhere. Give the printed token to its holder; `maillage serve --tokens FILE` accepts it from its next start.
        """
    )

    enum RoleName: String, ExpressibleByArgument, CaseIterable { case ars, coordinator }

    @Option(help: "ars or coordinator.") var role: RoleName
    @Option(help: "The CPTS of a coordinator token (required for coordinator, refused for ars).") var cpts: String?
    @Option(help: "The tokens file to append to.") var tokens = "tokens.txt"

    func validate() throws {
        switch (role, cpts) {
        case (.coordinator, nil): throw ValidationError("--role coordinator demande --cpts CPTS_ID")
        case (.ars, .some): throw ValidationError("--role ars ne prend pas --cpts (un jeton ars voit toutes les CPTS)")
        default: break
        }
    }

    func run() throws {
        let issue = try IssueToken(role: cpts.map { .coordinator(cpts: $0) } ?? .ars, file: tokens)
        let issued = try issue.run()
        // stdout: the token alone, so that `TOKEN=$(maillage token add …)` captures it; what was done goes to stderr.
        Terminal.printText(issued.token)
        if issued.readableByOthers { Terminal.report("attention : \(tokens) est lisible par d'autres que son propriétaire (chmod 600 \(tokens))") }
        Terminal.report("SHA-256 d'un nouveau jeton \(issue.role.name)\(cpts.map { " pour " + $0 } ?? "") ajouté à \(tokens) ; "
                        + "le jeton n'est affiché qu'une fois et n'est conservé nulle part")
    }
}
