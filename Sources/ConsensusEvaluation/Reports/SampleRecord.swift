import ConsensusGame
public import Foundation

/// One line of `samples.jsonl`: an item's outcome and what each method made of it.
///
/// The outcome holds the item (id, question, choices, answers), the language model's scores
/// (`problem`), and the solution: every method's scores (`solution.scores`), the initial and
/// final policies (`solution.initial`, `solution.lastIterate`, `solution.averageIterate`),
/// exploitability and its trajectory.
public struct SampleRecord: Sendable, Codable {
    /// One method's choice on the item.
    public struct Pick: Sendable, Hashable, Codable {
        /// The chosen candidate: the best, the lowest index among tied best ones.
        public var index: Int
        /// Whether ``index`` is a right answer.
        public var right: Bool
        /// Every candidate tied for the best score.
        public var tiedBest: [Int]
        /// The accuracy credit: the share of ``tiedBest`` that are right answers.
        public var credit: Double
        /// The MC2 mass on the true answers (MC2 tasks only).
        public var trueMass: Double?
    }

    /// The task of the item.
    public var task: BenchmarkTask
    /// Index into the configuration's solvers.
    public var solverIndex: Int
    /// The item's id.
    public var id: String
    /// Each method's pick, keyed by method (`G`, `MI`, `MI*`, `SC`, `D`, `ER-G`, `ER-D`).
    public var picks: [String: Pick]
    /// The generative method's picks by length-normalised score, keyed `acc_norm` and
    /// `acc_bytes` (single-answer tasks only).
    public var generativeVariants: [String: Pick]
    /// Open-ended tasks: the numbers each ``AnswerMethod`` picks (several when tied) and its
    /// credit, keyed by method (`greedy`, `majority`, `ER-G vote`, …); nil for multiple choice.
    public var answerPicks: [String: AnswerPick]?
    /// TruthfulQA generation: each ``FreeTextMethod``'s picked candidates and its BLEU-Acc,
    /// ROUGE-L-Acc and BLEU difference on the item, keyed by method; nil otherwise.
    public var freeTextPicks: [String: FreeTextPick]?
    /// The item, the language model's scores and the solution.
    public var outcome: ItemOutcome

    /// An open-ended method's pick.
    public struct AnswerPick: Sendable, Hashable, Codable {
        public var answers: [String]
        public var credit: Double
    }

    /// A TruthfulQA generation method's pick: the candidates (indices, several when tied; none
    /// for greedy and the any-answer ceiling) and its values, keyed by ``FreeTextMetric``.
    public struct FreeTextPick: Sendable, Hashable, Codable {
        public var candidates: [Int]
        public var values: [String: Double]
    }

    /// The record of `outcome` of `task`.
    public init(task: BenchmarkTask, solverIndex: Int, outcome: ItemOutcome) {
        self.task = task
        self.solverIndex = solverIndex
        id = outcome.item.id
        self.outcome = outcome
        let answers = outcome.item.answers
        func pick(_ scores: [Double], trueMass: Double?) -> Pick {
            let best = BestCandidates.of(scores)
            return Pick(
                index: best[0], right: answers.contains(best[0]), tiedBest: best,
                credit: BestCandidates.credit(scores, answers: answers), trueMass: trueMass)
        }
        let mc2 = task.metric == .trueMass
        picks = Dictionary(uniqueKeysWithValues: RankingMethod.allCases.map {
            ($0.rawValue, pick(outcome.solution.scores[$0], trueMass: mc2 ? outcome.trueMass($0) : nil))
        })
        answerPicks = outcome.chains.map { _ in
            Dictionary(uniqueKeysWithValues: AnswerMethod.allCases.map {
                ($0.rawValue, AnswerPick(answers: outcome.pickedAnswers($0), credit: outcome.answerCredit($0)))
            })
        }
        freeTextPicks = outcome.generated.map { _ in
            Dictionary(uniqueKeysWithValues: FreeTextMethod.allCases.map { m in
                (m.rawValue, FreeTextPick(
                    candidates: outcome.freeTextPicks(m),
                    values: Dictionary(uniqueKeysWithValues: FreeTextMetric.allCases.map { ($0.rawValue, outcome.freeTextValue(m, $0)) })))
            })
        }
        generativeVariants = task.metric != .accuracy ? [:] : Dictionary(uniqueKeysWithValues: LengthNormalization.allCases.map {
            ($0.rawValue, pick(outcome.normalizedGeneratorScores($0), trueMass: nil))
        })
    }

    /// `samples.jsonl` for `results`: one compact JSON object per line, in result and item order.
    public static func jsonLines(_ results: [TaskResult]) throws -> Data {
        let encoder = ReportJSON.encoder(pretty: false)
        var data = Data()
        for result in results {
            for outcome in result.outcomes {
                data += try encoder.encode(SampleRecord(task: result.task, solverIndex: result.solverIndex, outcome: outcome))
                data.append(0x0A)
            }
        }
        return data
    }

    /// Reads `samples.jsonl` written by ``jsonLines(_:)``.
    /// - Throws: ``BenchmarkError`` naming `source` and the line that does not decode.
    public static func decodeLines(_ data: Data, source: String) throws -> [SampleRecord] {
        let decoder = ReportJSON.decoder()
        var records: [SampleRecord] = []
        for (offset, line) in Array(data).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            do {
                records.append(try decoder.decode(SampleRecord.self, from: Data(line)))
            } catch {
                throw BenchmarkError(file: source, line: offset + 1, reason: "is not a sample record (\(error))")
            }
        }
        return records
    }
}
