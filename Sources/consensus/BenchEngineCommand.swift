import ArgumentParser
import Logging
import ConsensusLlama
import ConsensusScoring
import Foundation

/// `consensus bench engine`: the prefix-trie engine against scoring every sequence in full.
struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Time the scoring engine on a realistic group of one question's 3n sequences.",
        discussion: """
            The group is one question with a shared passage of --prefix tokens and n = \
            --candidates answers: n sequences under the generator's 'correct' prompt, n under \
            its 'incorrect' prompt, and n discriminator prompts whose two one-token labels \
            (' Yes', ' No') are read from the same final row: 3n sequences. (i) scores each \
            sequence on its own, which is one llama_decode over all its tokens; (ii) scores the \
            group with the engine evaluating one trie branch at a time (--no-pack-branches, the \
            earlier design); (iii) scores it with sibling branches packed into shared decodes \
            (the default); (iv) decodes the positions (iii) evaluates with plain llama_decode \
            calls, as one sequence with the same number of logit rows and no other work: the \
            per-token baseline. Each method's fastest of --repeats runs is reported, by wall time \
            and by the process's CPU time (all threads: steadier than wall time when other work \
            shares the machine). Tokens/s counts the tokens each method evaluated; the last column \
            is the largest difference of a score from (i). Build in release mode for real figures.
            """)

    @Option(parsing: .upToNextOption, help: "Shared-prefix lengths in tokens.")
    var prefix: [Int] = [60, 300]
    @Option(help: "Candidates per question (the group has 3n sequences).")
    var candidates: Int = 4
    @Option(parsing: .upToNextOption, help: "Thread counts to measure.")
    var threads: [Int] = [1, 2]
    @Option(help: "Repetitions; the fastest of each method is reported.")
    var repeats: Int = 3
    @Option(help: "A named model or a GGUF file (default: \(DefaultModel.name)).")
    var model: String?

    func run() async throws {
        let path = try ModelStore().resolve(model, logger: Logger(label: "bench"))
        print("model: \(path) (llama.cpp variant \(LlamaEngine.buildVariant))")
        print("load average before: \(Self.loadAverage())\n")
        print("| prefix | sequences | threads | method | llama_decode calls | tokens evaluated | trie minimum | wall ms | tokens/s | CPU ms | tokens/CPU s | rate vs (iv), wall / CPU | speed-up vs (i) | max \\|Δ log p\\| vs (i) |")
        print("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
        for threadCount in threads {
            var settings = LlamaEngineSettings()
            settings.threads = threadCount
            let packed = try LlamaEngine(modelPath: path, settings: settings, logger: .init(label: "bench"))
            settings.packsBranches = false
            let sequential = try LlamaEngine(modelPath: path, settings: settings, logger: .init(label: "bench"))
            for prefixLength in prefix {
                let group = try await Self.group(engine: packed, prefixTokens: prefixLength, candidates: candidates)
                let sequences = group.continuations.count + group.labels.count
                var alone = Run(name: "(i) each sequence alone, in full")
                var branchByBranch = Run(name: "(ii) engine, one branch at a time")
                var branchesPacked = Run(name: "(iii) engine, sibling branches packed")
                var plain = Run(name: "(iv) plain llama_decode of (iii)'s positions")
                for _ in 0..<repeats {
                    // (i): every sequence as a group of its own; a label request is one sequence.
                    var cost = ScoringCost()
                    var scores: [Double] = []
                    var cpu = Self.cpuMilliseconds()
                    for request in group.continuations {
                        let result = try await packed.score(ScoringGroup(continuations: [request]))
                        cost = cost + result.cost
                        scores += result.continuations.map(\.logProbability)
                    }
                    for request in group.labels {
                        let result = try await packed.score(ScoringGroup(labels: [request]))
                        cost = cost + result.cost
                        scores += result.labels[0].map(\.logProbability)
                    }
                    alone.add(cost, cpu: Self.cpuMilliseconds() - cpu, scores: scores)
                    cpu = Self.cpuMilliseconds()
                    let r2 = try await sequential.score(group)
                    branchByBranch.add(r2.cost, cpu: Self.cpuMilliseconds() - cpu, scores: Self.flatten(r2))
                    cpu = Self.cpuMilliseconds()
                    let r3 = try await packed.score(group)
                    branchesPacked.add(r3.cost, cpu: Self.cpuMilliseconds() - cpu, scores: Self.flatten(r3))
                    cpu = Self.cpuMilliseconds()
                    let r4 = try await packed.decodePlainly(group)
                    plain.add(r4, cpu: Self.cpuMilliseconds() - cpu, scores: [])
                }
                for run in [alone, branchByBranch, branchesPacked, plain] {
                    let tokens = Double(run.best.tokensEvaluated)
                    let rate = tokens / run.best.milliseconds * 1e3
                    let cpuRate = tokens / run.cpu * 1e3
                    let plainRate = Double(plain.best.tokensEvaluated) / plain.best.milliseconds * 1e3
                    let plainCPURate = Double(plain.best.tokensEvaluated) / plain.cpu * 1e3
                    let versusPlain = "\(f(rate / plainRate, 2))× / \(f(cpuRate / plainCPURate, 2))×"
                    let minimum = run.name.hasPrefix("(i)") ? "–" : "\(run.best.trieMinimumTokens)"
                    let speedUp = run.scores.isEmpty ? "–" : "\(f(alone.best.milliseconds / run.best.milliseconds, 2))×"
                    let delta = run.scores.isEmpty ? "–" : String(format: "%.1e", zip(run.scores, alone.scores).map { abs($0 - $1) }.max() ?? 0)
                    print(
                        "| \(prefixLength) | \(sequences) | \(threadCount) | \(run.name) | \(run.best.modelCalls) | \(run.best.tokensEvaluated) | \(minimum) | \(f(run.best.milliseconds, 0)) | \(f(rate, 0)) | \(f(run.cpu, 0)) | \(f(cpuRate, 0)) | \(versusPlain) | \(speedUp) | \(delta) |"
                    )
                }
            }
        }
        print("\nload average after: \(Self.loadAverage())")
    }

    /// The fastest repetition of one method by wall time and by CPU time, and its scores (all
    /// repetitions give the same).
    struct Run {
        var name: String
        var best = ScoringCost(milliseconds: .infinity)
        var cpu = Double.infinity
        var scores: [Double] = []

        mutating func add(_ cost: ScoringCost, cpu: Double, scores: [Double]) {
            if cost.milliseconds < best.milliseconds { best = cost }
            self.cpu = min(self.cpu, cpu)
            self.scores = scores
        }
    }

    private func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// The group's scores in request order: continuations, then each label request's labels.
    static func flatten(_ scores: GroupScores) -> [Double] {
        scores.continuations.map(\.logProbability) + scores.labels.flatMap { $0.map(\.logProbability) }
    }

    /// CPU time this process has used (all threads), milliseconds.
    static func cpuMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) * 1e-6
    }

    /// The 1-, 5- and 15-minute load averages (Linux), or "unknown".
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// A passage of exactly `prefixTokens` tokens, then an Equilibrium-Ranking group.
    static func group(engine: LlamaEngine, prefixTokens: Int, candidates: Int) async throws -> ScoringGroup {
        let sentences = [
            "The river rises in the hills north of the town and flows south through farmland.",
            "In spring the water is high and cold, and the old mill still turns its wheel.",
            "Farmers bring their grain to the market square every Saturday morning.",
            "A stone bridge built two centuries ago carries the road over the river.",
            "Children swim near the bridge in summer, when the current is slow.",
        ]
        var words: [Substring] = []
        var passage = ""
        var index = 0
        // Grow the passage word by word until it has the wanted number of tokens.
        while true {
            if words.isEmpty { words = sentences[index % sentences.count].split(separator: " ")[...].reversed(); index += 1 }
            let candidate = passage.isEmpty ? String(words.removeLast()) : passage + " " + words.removeLast()
            let count = try engine.tokenize(ContinuationRequest(prompt: "Passage: " + candidate, continuation: " x")).prompt.count
            if count > prefixTokens { break }
            passage = candidate
            if count == prefixTokens { break }
        }
        let question = "Passage: \(passage)\nQuestion: What crosses the river near the town?\n"
        let answers = ["A stone bridge.", "A ferry boat.", "A railway viaduct.", "A rope footbridge.", "Nothing at all.", "A tunnel under it."]
        let choices = (0..<candidates).map { answers[$0 % answers.count] }
        var continuations: [ContinuationRequest] = []
        for wording in ["Answer:", "Incorrect answer:"] {
            continuations += choices.map { ContinuationRequest(prompt: question + wording, continuation: " " + $0) }
        }
        let labels = choices.map {
            LabelRequest(prompt: question + "Proposed answer: \($0)\nIs the proposed answer correct?", labels: [" Yes", " No"])
        }
        return ScoringGroup(continuations: continuations, labels: labels)
    }
}
