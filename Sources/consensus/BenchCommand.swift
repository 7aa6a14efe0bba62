import ArgumentParser

/// `consensus bench …`: benchmark commands (release builds; figures go to docs/).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of the solver, the scoring engine and the server.",
        subcommands: [BenchSolverCommand.self, BenchEngineCommand.self, BenchLoadCommand.self]
    )
}
