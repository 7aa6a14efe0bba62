public import ArgumentParser
import ConsensusRanking
import ConsensusScoring
import Foundation
import Logging

/// `consensus rank`: the main job. A question, its candidates, and the model's best answer by
/// all six methods.
struct RankCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank a question's candidate answers by Equilibrium-Ranking and the five other methods.",
        discussion: """
            Scores the 3n requests of the question with the language model (n candidates under the \
            generator's 'correct' and 'incorrect' prompts, and n discriminator prompts), finds the \
            equilibrium of the consensus game, and prints one row per candidate with a column per \
            method; ◀ marks each method's pick. Duplicate choices are kept: they get identical \
            scores and the earlier one wins ties.
            """)

    @Option(help: "The question.") var question: String
    @Option(name: .customLong("choice"), help: "A candidate answer (repeat for each; at least two).")
    var choices: [String] = []
    @Option(help: "A passage the question is about (shown before the question).") var context: String?
    @Option(help: "Template: a built-in name (qa, passage, dialogue) or a JSON template file.")
    var template: String = "qa"
    @Option(help: "Generator score of a candidate: sum, per-character or per-byte.")
    var candidateScore: CandidateScore = .sum
    @Flag(help: "Print JSON instead of the table.") var json = false
    @Option(help: "Below this generator divergence the game is degenerate: a warning (docs/models.md).")
    var degenerateDivergence: Double = RankingOptions.defaultDegenerateDivergence
    @Option(help: "On a degenerate game: warn, or fall-back-to-g (recommend G's pick).")
    var onDegenerate: DegenerateGame = .warn
    @OptionGroup var chat: ChatOptions
    @OptionGroup var solver: SolverOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var players: PlayerOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        _ = try solver.settings()
        try chat.validate(remote: remote)
        try players.validate(remote: remote)
        do {
            try RankingQuestion(question: question, context: context, candidates: choices).validate()
        } catch let error as RankingInputError {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "consensus.rank")
        var options = RankingOptions()
        options.template = try TemplateLibrary.resolve(template)
        options.solver = try solver.settings()
        options.candidateScore = candidateScore
        options.degenerateDivergence = degenerateDivergence
        options.onDegenerate = onDegenerate
        let q = RankingQuestion(question: question, context: context, candidates: choices)
        if !q.duplicateIndices.isEmpty {
            logger.warning("duplicate choices \(q.duplicateIndices.map { $0 + 1 }): scored separately, ties go to the earlier one")
        }
        let engine = try players.players(await remote.makeEngine(local: self.engine, logger: logger), engine: self.engine, logger: logger)
        options.chat = try chat.formatting?.format(with: engine, option: "--apply-chat-template")
        let result = try await EquilibriumRanker(engine: engine, options: options, logger: logger).rank(q)
        if logging.verbose {
            let c = result.cost
            logger.info(
                "cost: \(c.tokensEvaluated) tokens evaluated (prefix-trie minimum \(c.trieMinimumTokens), \(c.tokensWithoutSharing) if scored one by one); scoring \(String(format: "%.0f", c.scoringMilliseconds)) ms, solving \(String(format: "%.1f", c.solvingMilliseconds)) ms")
        }
        if json {
            print(try RankReport.json(result, model: engine.model))
        } else {
            print(RankReport.table(result, model: engine.model))
        }
    }
}

extension DegenerateGame: ExpressibleByArgument {}
