import ArgumentParser
import ConsensusLlama
import ConsensusScoring
import Foundation

/// `consensus bench engine`: the prefix-trie engine against scoring every sequence in full.
struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Time the scoring engine on a realistic group of one question's 3n sequences.",
        discussion: """
            The group is a question with a shared passage of --prefix tokens and --candidates \
            candidates: n sequences under the generator's 'correct' prompt, n under its \
            'incorrect' prompt, and n discriminator prompts (3n in all). (i) scores each sequence \
            alone, decoded in full with llama_decode; (ii) scores the group with the engine, \
            which evaluates every shared prefix once. Build in release mode for real figures.
            """)

    @Option(parsing: .upToNextOption, help: "Shared-prefix lengths in tokens.")
    var prefix: [Int] = [60, 300]
    @Option(help: "Candidates per question (the group has 3n sequences).")
    var candidates: Int = 4
    @Option(parsing: .upToNextOption, help: "Thread counts to measure.")
    var threads: [Int] = [1, 2]
    @Option(help: "Repetitions; the fastest is reported.")
    var repeats: Int = 3
    @Option(help: "GGUF model file (default: the F16 SmolLM2-135M-Instruct).")
    var model: String?

    func run() async throws {
        let path = model ?? DefaultModel.path
        print("model: \(path)\n")
        print("| prefix | sequences | threads | method | tokens evaluated | trie minimum | wall ms | tokens/s | speed-up |")
        print("|---:|---:|---:|---|---:|---:|---:|---:|---:|")
        for threadCount in threads {
            var settings = LlamaEngineSettings()
            settings.threads = threadCount
            let engine = try LlamaEngine(modelPath: path, settings: settings, logger: .init(label: "bench"))
            for prefixLength in prefix {
                let group = try await Self.group(engine: engine, prefixTokens: prefixLength, candidates: candidates)
                let n = group.continuations.count + group.labels.count  // 3n sequences
                var plain = ScoringCost(milliseconds: .infinity)
                var shared = ScoringCost(milliseconds: .infinity)
                for _ in 0..<repeats {
                    var cost = ScoringCost()
                    // (i): each sequence alone; a discriminator prompt's two labels come from
                    // the one decode of its prompt.
                    for request in group.continuations {
                        cost = cost + (try await engine.score(ScoringGroup(continuations: [request]))).cost
                    }
                    for request in group.labels {
                        cost = cost + (try await engine.score(ScoringGroup(labels: [request]))).cost
                    }
                    if cost.milliseconds < plain.milliseconds { plain = cost }
                    let c = try await engine.score(group).cost
                    if c.milliseconds < shared.milliseconds { shared = c }
                }
                let plainRate = Double(plain.tokensEvaluated) / plain.milliseconds * 1e3
                let sharedRate = Double(shared.tokensEvaluated) / shared.milliseconds * 1e3
                print("| \(prefixLength) | \(n) | \(threadCount) | (i) each sequence in full | \(plain.tokensEvaluated) | – | \(f(plain.milliseconds, 0)) | \(f(plainRate, 0)) | 1.00× |")
                print("| \(prefixLength) | \(n) | \(threadCount) | (ii) engine, prefix trie | \(shared.tokensEvaluated) | \(shared.trieMinimumTokens) | \(f(shared.milliseconds, 0)) | \(f(sharedRate, 0)) (\(f(sharedRate / plainRate, 2))× of (i)) | \(f(plain.milliseconds / shared.milliseconds, 2))× |")
            }
        }
    }

    private func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

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
            let count = try await engine.tokenize(ContinuationRequest(prompt: "Passage: " + candidate, continuation: " x")).prompt.count
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
