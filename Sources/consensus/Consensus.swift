import ArgumentParser

/// The `consensus` command: Equilibrium-Ranking of a language model's candidate answers.
@main
struct Consensus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consensus",
        abstract: "More truthful, self-consistent answers from a language model, by Equilibrium-Ranking (Jacob et al., ICLR 2024).",
        subcommands: [RankCommand.self, EvalCommand.self, ScoreCommand.self, SolveCommand.self, ServeCommand.self, ModelsCommand.self, BenchCommand.self]
    )
}
