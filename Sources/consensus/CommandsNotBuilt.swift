import ArgumentParser

// The commands that a build without some package trait (Package.swift) leaves out. Each keeps its
// name and takes any arguments, so that `consensus serve --port 8000` on such a build says what
// is missing and how to build it, instead of "unexpected argument".

/// The error for a command or option this build leaves out.
/// - Parameters:
///   - what: the command or option, e.g. "`consensus serve`".
///   - part: what it needs, naming the trait.
///   - command: the subcommand to show in the `swift run` line, e.g. "serve".
func notBuilt(_ what: String, needs part: String, command: String) -> CommandError {
    CommandError("""
        \(what) needs \(part), which this build of consensus leaves out to build faster (package \
        traits, Package.swift). Run it from the full build: swift run -c release --traits Full \
        consensus \(command) … (or swift build -c release --product consensus --traits Full, then \
        .build/release/consensus)
        """)
}

#if !Server
/// `consensus serve` in a build without the Server trait.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve ranking and scoring over HTTP. Not in this build: needs --traits Server (or Full).")

    @Argument(parsing: .allUnrecognized) var arguments: [String] = []

    func run() async throws { throw notBuilt("`consensus serve`", needs: "the HTTP service (package trait Server)", command: "serve") }
}
#endif

#if !(Server && RemoteEngines)
/// `consensus bench load` in a build without the Server and RemoteEngines traits.
struct BenchLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load-test `consensus serve`. Not in this build: needs --traits Full.")

    @Argument(parsing: .allUnrecognized) var arguments: [String] = []

    func run() async throws {
        throw notBuilt("`consensus bench load`", needs: "the HTTP service and client (package traits Server and RemoteEngines)", command: "bench load")
    }
}
#endif
