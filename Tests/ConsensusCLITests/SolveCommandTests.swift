import Foundation
import Testing

@Suite("consensus solve")
struct SolveCommandTests {
    static let methods = ["G", "MI", "MI*", "SC", "D", "ER-G", "ER-D"]

    static func line(_ correct: [Any], _ incorrect: [Any], _ dCorrect: [Any], _ dIncorrect: [Any], extra: String = "") -> String {
        func list(_ values: [Any]) -> String {
            "[" + values.map { value in value is String ? "\"\(value)\"" : "\(value)" }.joined(separator: ", ") + "]"
        }
        return #"{"generator": {"correct": \#(list(correct)), "incorrect": \#(list(incorrect))}, "discriminator": {"correct": \#(list(dCorrect)), "incorrect": \#(list(dIncorrect))}\#(extra)}"#
    }

    static let good = line([-3.2, -5.1, -4.4], [-4.0, -2.2, -6.0], [-0.3, -1.6, -0.7], [-1.4, -0.25, -0.9])

    /// Checks the shape of one answer: policies that sum to 1, seven methods with n scores and a
    /// ranking each, a finite non-negative exploitability.
    static func expectAnswer(_ object: [String: Any], candidates n: Int) throws {
        #expect(object["candidates"] as? Int == n)
        for key in ["initial", "final", "average"] {
            let pair = try #require(object[key] as? [String: Any], "\(key)")
            for player in ["generator", "discriminator"] {
                let byV = try #require(pair[player] as? [String: [Double]], "\(key).\(player)")
                let correct = try #require(byV["correct"]), incorrect = try #require(byV["incorrect"])
                #expect(correct.count == n && incorrect.count == n)
                if player == "generator" {
                    #expect(abs(correct.reduce(0, +) - 1) < 1e-12 && abs(incorrect.reduce(0, +) - 1) < 1e-12)
                } else {
                    #expect(zip(correct, incorrect).allSatisfy { abs($0 + $1 - 1) < 1e-12 })
                }
            }
        }
        let scores = try #require(object["scores"] as? [String: [Any]])
        let ranking = try #require(object["ranking"] as? [String: [Int]])
        #expect(Set(scores.keys) == Set(methods) && Set(ranking.keys) == Set(methods))
        for method in methods {
            #expect(scores[method]?.count == n)
            #expect(ranking[method]?.sorted() == Array(0..<n))
        }
        let exploitability = try #require(object["exploitability"] as? Double)
        #expect(exploitability.isFinite && exploitability >= 0)
        let settings = try #require(object["settings"] as? [String: Any])
        for key in ["eta_generator", "eta_discriminator", "lambda_generator", "lambda_discriminator", "iterations", "normalization"] {
            #expect(settings[key] != nil, "settings.\(key)")
        }
    }

    @Test("examples/solve.json")
    func exampleFile() throws {
        let path = ConsensusBinary.repository.appendingPathComponent("examples/solve.json").path
        let result = try ConsensusBinary.run(["solve", "--input", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let objects = try result.objects
        #expect(objects.count == 1)
        let answer = try #require(objects.first)
        try Self.expectAnswer(answer, candidates: 4)
        #expect(answer["id"] as? String == "arc-challenge-example")
        let settings = try #require(answer["settings"] as? [String: Any])
        #expect(settings["iterations"] as? Int == 5000 && settings["lambda_generator"] as? Double == 0.1)
        // The scores are the policies' own numbers.
        let scores = try #require(answer["scores"] as? [String: [Double]])
        let final = try #require(answer["final"] as? [String: [String: [Double]]])
        #expect(scores["ER-G"] == final["generator"]?["correct"])
        #expect(scores["ER-D"] == final["discriminator"]?["correct"])
        #expect(scores["G"] == [-9.21, -7.85, -12.40, -8.03])
        // MI*: the initial policies' product, π_G¹(y | correct) · π_D¹(correct | y).
        let initial = try #require(answer["initial"] as? [String: [String: [Double]]])
        let sc = try #require(initial["generator"]?["correct"]), d = try #require(initial["discriminator"]?["correct"])
        #expect(scores["SC"] == sc && scores["D"] == d)
        // (within rounding: JSONSerialization may read a decimal one unit in the last place off)
        let product = try #require(scores["MI*"])
        #expect(product.count == 4 && zip(product, zip(sc, d).map { $0 * $1 }).allSatisfy { abs($0 - $1) < 1e-15 })
    }

    @Test("JSON Lines: each line is answered before the next is read")
    func streaming() throws {
        let binary = try #require(ConsensusBinary.url)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["solve", "--iterations", "200"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // Collect standard output in the background; wait for lines with a deadline, so that a
        // command that answers only at the end of its input fails the test instead of hanging it.
        let collected = LockedData()
        stdout.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        defer { stdout.fileHandleForReading.readabilityHandler = nil }
        func readLine(within seconds: Double = 20) -> String? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let line = collected.takeLine() { return line }
                Thread.sleep(forTimeInterval: 0.005)
            }
            return nil
        }
        // Line 1 is answered while standard input is still open.
        stdin.fileHandleForWriting.write(Data((Self.line([-1, -2], [-2, -1], [-0.1, -2], [-2, -0.1], extra: #", "id": "first""#) + "\n").utf8))
        let first = try #require(readLine(), "no answer to line 1 while standard input is still open")
        let firstObject = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(firstObject["id"] as? String == "first")
        try Self.expectAnswer(firstObject, candidates: 2)
        // Then two more lines, one with its own settings.
        stdin.fileHandleForWriting.write(Data((Self.good + "\n").utf8))
        stdin.fileHandleForWriting.write(Data((Self.line([-1, -2], [-2, -1], [-0.1, -2], [-2, -0.1], extra: #", "iterations": 7, "normalization": "plain", "id": 3"#) + "\n").utf8))
        try stdin.fileHandleForWriting.close()
        let second = try #require(readLine()), third = try #require(readLine())
        process.waitUntilExit()
        #expect(readLine(within: 0.2) == nil)
        #expect(process.terminationStatus == 0)
        let secondObject = try #require(try JSONSerialization.jsonObject(with: Data(second.utf8)) as? [String: Any])
        try Self.expectAnswer(secondObject, candidates: 3)
        #expect((secondObject["settings"] as? [String: Any])?["iterations"] as? Int == 200)
        let thirdObject = try #require(try JSONSerialization.jsonObject(with: Data(third.utf8)) as? [String: Any])
        #expect(thirdObject["id"] as? Int == 3)
        let settings = try #require(thirdObject["settings"] as? [String: Any])
        #expect(settings["iterations"] as? Int == 7 && settings["normalization"] as? String == "plain")
    }

    @Test("a pretty-printed object over several lines, and -inf written three ways")
    func multiLineAndInfinity() throws {
        let input = """
            {
              "generator": {"correct": [-1.5, null, -2.0],
                            "incorrect": [-2.5, "-inf", "-Infinity"]},
              "discriminator": {"correct": [-0.2, -0.4, -0.6], "incorrect": [-1.8, -1.2, -0.9]}
            }
            """
        let result = try ConsensusBinary.run(["solve"], input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try #require(try result.objects.first)
        try Self.expectAnswer(answer, candidates: 3)
        // G and MI are log-scores: a candidate with probability 0 scores the string "-inf";
        // every other number is finite.
        let scores = try #require(answer["scores"] as? [String: [Any]])
        #expect(scores["G"]?[1] as? String == "-inf")
        #expect(scores["MI"]?[1] as? String == "-inf")
        #expect(scores["G"]?[0] as? Double == -1.5)
        #expect(!result.stdout.contains("inf\"") || result.stdout.components(separatedBy: "\"-inf\"").count == 3)
        let final = try #require(answer["final"] as? [String: [String: [Double]]])
        #expect(final["generator"]?["correct"]?[1] == 0 && final["generator"]?["incorrect"]?[1] == 0)
        #expect((answer["ranking"] as? [String: [Int]])?["G"] == [0, 2, 1])
    }

    @Test("the exploitability trajectory, on request")
    func trajectory() throws {
        let result = try ConsensusBinary.run(["solve", "--exploitability-interval", "50"],
                                             input: Self.line([-1, -2], [-2, -1], [-0.1, -2], [-2, -0.1], extra: #", "iterations": 120"#))
        #expect(result.status == 0, "\(result.stderr)")
        let trajectory = try #require(try result.objects.first?["trajectory"] as? [[String: Any]])
        #expect(trajectory.compactMap { $0["iteration"] as? Int } == [0, 50, 100, 120])
    }

    /// Malformed inputs: the answers before the bad object are written, then a one-line error
    /// names the input line and the field, and the exit status is 1.
    @Test("malformed input: a one-line error with the line and the field, exit status 1", arguments: [
        (good + "\n" + #"{"generator": {"correct": [-1,, -2]}}"#, 2, "not valid JSON"),
        (good + "\n" + good + "\n" + line([-1, -2, -3, -4], [-1, -2, -3], [-1, -2, -3, -4], [-1, -2, -3, -4]), 3,
         #""generator.incorrect" has 3 entries but "generator.correct" has 4"#),
        (line([-1], [-1], [-1], [-1]), 1, #""generator.correct" has 1 entry; the game needs at least 2 candidates"#),
        (good + "\n" + line([-1, "nan"], [-1, -2], [-1, -2], [-1, -2]), 2, #""generator.correct[1]" is NaN"#),
        (line([-1, -2], [-1, -2], [-1, -2], [-1, true]), 1, #""discriminator.incorrect[1]" must be a number, null or "-inf""#),
        (line([-1, -2], [-1, "+inf"], [-1, -2], [-1, -2]), 1, #""generator.incorrect[1]" is +infinity"#),
        (line([-1, -2], [-1, "x"], [-1, -2], [-1, -2]), 1, #""generator.incorrect[1]" must be a number, null or "-inf" (a log-probability), found the string "x""#),
        (#"{"generator": {"correct": [-1, -2], "incorrect": [-1, -2]}}"#, 1, #""discriminator" is missing"#),
        (#"{"generator": [-1, -2], "discriminator": {"correct": [-1, -2], "incorrect": [-1, -2]}}"#, 1, #""generator" must be an object"#),
        (line([-1, -2], [-1, -2], [-1, -2], [-1, -2], extra: #", "lamda": 0.5"#), 1, #""lamda" is not a known field"#),
        (good + "\n\n" + line([-1, -2], [-1, -2], [-1, -2], [-1, -2], extra: #", "eta": -1"#), 3, #""eta" is -1.0; it must lie between 1e-100 and 1e100"#),
        (line([-1, -2], [-1, -2], [-1, -2], [-1, -2], extra: #", "lambda_discriminator": "big""#), 1, #""lambda_discriminator" must be a number"#),
        (line([-1, -2], [-1, -2], [-1, -2], [-1, -2], extra: #", "iterations": 2.5"#), 1, #""iterations" must be an integer"#),
        (line([-1, -2], [-1, -2], [-1, -2], [-1, -2], extra: #", "normalization": "fancy""#), 1, #""normalization" must be "cross" or "plain""#),
        (good + "\n[1, 2]", 2, "expected a JSON object starting with '{'"),
        (good + "\n" + #"{"generator": {"correct": [-1, -2],"#, 2, "not closed before the end of the input"),
        ("\n\n{\n  \"generator\": {\"correct\": [-1, -2], \"incorrect\": [-1]},\n  \"discriminator\": {\"correct\": [-1, -2], \"incorrect\": [-1, -2]}\n}", 3,
         #""generator.incorrect" has 1 entry but "generator.correct" has 2"#),
    ])
    func malformed(input: String, line: Int, message: String) throws {
        let result = try ConsensusBinary.run(["solve", "--iterations", "20"], input: input + "\n")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: input line \(line): "), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(result.stderr)")
        // The objects before the bad one were answered.
        let answered = input.components(separatedBy: "\n").prefix(line - 1).filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.count
        #expect(try result.objects.count == answered)
    }

    @Test("a missing input file")
    func missingFile() throws {
        let result = try ConsensusBinary.run(["solve", "--input", "/nonexistent/problems.jsonl"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/problems.jsonl"))
        #expect(result.stdout.isEmpty)
    }

    /// The solver options are rank's and eval's (``SolverOptions``): typed, one value each, and
    /// a problem's own fields override them.
    @Test("the shared solver options set every problem's defaults")
    func sharedSolverOptions() throws {
        let options = ["solve", "--solver", "extragradient", "--step-size", "4", "--normalization", "plain",
                       "--equilibrium-iterate", "average", "--eta", "0.5", "--iterations", "30"]
        let input = Self.good + "\n" + Self.line([-1, -2], [-2, -1], [-0.1, -2], [-2, -0.1], extra: #", "solver": "pikl", "iterations": 7"#)
        let result = try ConsensusBinary.run(options, input: input + "\n")
        #expect(result.status == 0, "\(result.stderr)")
        let settings = try result.objects.map { try #require($0["settings"] as? [String: Any]) }
        #expect(settings.count == 2)
        #expect(settings[0]["solver"] as? String == "extragradient" && settings[0]["extragradient_step_size"] as? Double == 4)
        #expect(settings[0]["normalization"] as? String == "plain" && settings[0]["equilibrium_iterate"] as? String == "average")
        #expect(settings[0]["eta_generator"] as? Double == 0.5 && settings[0]["iterations"] as? Int == 30)
        #expect(settings[1]["solver"] as? String == "pikl" && settings[1]["iterations"] as? Int == 7)
        #expect(settings[1]["normalization"] as? String == "plain", "the options stay the defaults of what a problem does not set")

        for (arguments, message) in [
            (["solve", "--eta", "0.1,0.2"], "solve takes one value each of --solver"),
            (["solve", "--equilibrium-iterate", "first"], "--equilibrium-iterate"),
            (["solve", "--solver", "newton"], "--solver"),
            (["solve", "--step-size", "0"], "--step-size is 0.0; it must lie between 1e-100 and 1e100"),
        ] {
            let refused = try ConsensusBinary.run(arguments, input: Self.good)
            #expect(refused.status != 0 && refused.stdout.isEmpty, "\(arguments)")
            #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
    }

    @Test("--lambda-generator and --lambda-discriminator set each player's λ; a grid is for eval")
    func perPlayerLambda() throws {
        let result = try ConsensusBinary.run(["solve", "--lambda-generator", "0.5", "--lambda-discriminator", "0.02"], input: Self.good)
        #expect(result.status == 0, "\(result.stderr)")
        let settings = try #require(try result.objects.first?["settings"] as? [String: Any])
        #expect(settings["lambda_generator"] as? Double == 0.5 && settings["lambda_discriminator"] as? Double == 0.02)
        let grid = try ConsensusBinary.run(["solve", "--lambda-generator", "0.5,1"], input: Self.good)
        #expect(grid.status != 0 && grid.stderr.contains("--lambda-generator"), "\(grid.stderr)")
    }

    @Test("invalid options are rejected before reading the input")
    func invalidOptions() throws {
        let result = try ConsensusBinary.run(["solve", "--lambda", "0"], input: Self.good)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--lambda"))
        #expect(result.stdout.isEmpty)
    }
}

/// Bytes appended by one thread and read as lines by another.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) {
        lock.lock()
        defer { lock.unlock() }
        data.append(more)
    }

    /// The first complete line, removed from the buffer; nil if there is none yet.
    func takeLine() -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard let end = data.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let line = String(decoding: data[data.startIndex..<end], as: UTF8.self)
        data.removeSubrange(data.startIndex...end)
        return line
    }
}
