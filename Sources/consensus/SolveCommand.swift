import ArgumentParser
import ConsensusGame
import ConsensusRanking
import Foundation

/// `consensus solve`: Equilibrium-Ranking for language-model scores given as JSON.
struct SolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve the consensus game for candidate scores given as JSON, and rank the candidates.",
        discussion: """
            Input: one JSON object, or JSON Lines (one object a line; each answered as soon as it is \
            read), for example
              {"generator": {"correct": [-3.2, -5.1], "incorrect": [-4.0, -2.2]},
               "discriminator": {"correct": [-0.3, -1.6], "incorrect": [-1.4, -0.25]},
               "eta": 0.1, "lambda": 0.1, "iterations": 5000}
            Scores are natural-log probabilities, one per candidate: generator = log P(y | x, v), \
            discriminator = log P(v | x, y). JSON has no infinities: write -inf (probability 0) as \
            null, "-inf" or "-Infinity". Optional keys: eta, lambda (both players), eta_generator, \
            eta_discriminator, lambda_generator, lambda_discriminator, iterations, normalization \
            ("cross" or "plain"), exploitability_interval, equilibrium_iterate ("last" or \
            "average"), id (echoed). They override the options below.

            Output: one JSON object a line with the settings used, the initial, final (last \
            iterate) and average policies (probabilities), the scores, ranking (candidate indices \
            from 0, best first, ties by index) and pick of G, MI, MI*, SC, D, ER-G and ER-D, and the \
            exploitability. G and MI are log-scores; a candidate with probability 0 scores "-inf". \
            See docs/solve-format.md.

            Malformed input stops the command with a one-line error on stderr naming the input \
            line and the field, and exit status 1; the objects before it stay answered.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The input file; - reads standard input.", valueName: "file"))
    var input: String = "-"

    /// The settings of problems that do not set their own (each JSON field overrides its option).
    @OptionGroup(title: "Solver (the defaults of every problem)") var solver: SolverOptions

    func validate() throws {
        _ = try solver.settings(command: "solve")
    }

    func run() async throws {
        let defaults = try solver.settings(command: "solve")
        let file: UnsafeMutablePointer<FILE>
        if input == "-" {
            guard let standardInput = fdopen(STDIN_FILENO, "r") else {
                Self.fail("cannot read standard input: \(String(cString: strerror(errno)))")
            }
            file = standardInput
        } else {
            guard let opened = fopen(input, "r") else {
                Self.fail("cannot open the input file '\(input)': \(String(cString: strerror(errno)))")
            }
            file = opened
        }
        defer { fclose(file) }

        // A reader thread reads ahead; each round takes every object read so far, so a file is
        // solved in large batches (on every core) while an object typed at a terminal is
        // answered at once. Answers keep the input's order.
        let documents = DocumentQueue(reader: JSONDocumentReader(file: file))
        while let round = documents.next(upTo: 8192) {
            // Parsed, solved and written on every core; a failure keeps the objects before it.
            let parsed = round.concurrentMap { $0.map { Self.parse($0, defaults: defaults) } }
            let failure = parsed.firstIndex { if case .failure = $0 { true } else { false } }
            let requests = parsed[..<(failure ?? parsed.endIndex)].compactMap { try? $0.get() }
            var output = Data()
            for (settings, run) in Self.runs(requests) {
                let solutions = EquilibriumSolver(settings: settings).solve(batch: run.map(\.problem))
                let answers = Array(zip(run, solutions)).concurrentMap { part in
                    let encoder = WireEncoder()
                    return part.map { request, solution in
                        Result { try encoder.encode(SolveResponse(id: request.id, solution: solution)) }
                    }
                }
                for answer in answers {
                    output += try answer.get()
                    output.append(0x0A)
                }
            }
            FileHandle.standardOutput.write(output)
            if let failure, case .failure(let message) = parsed[failure] { Self.fail(message.text) }
        }
    }

    /// A failure to read one input object, as the error line says it.
    struct InputFailure: Error {
        var text: String
    }

    /// One framed object read as a problem, or the error line for it.
    static func parse(
        _ item: Result<JSONDocumentReader.Document, JSONDocumentReader.FramingError>, defaults: SolverSettings
    ) -> Result<SolveRequest, InputFailure> {
        switch item {
        case .failure(let error):
            return .failure(InputFailure(text: "input line \(error.line): \(error.message)"))
        case .success(let document):
            do {
                return .success(try SolveRequest(try JSONParser.parse(Data(document.bytes)), defaults: defaults))
            } catch let error as JSONParser.SyntaxError {
                return .failure(InputFailure(text: "input line \(document.line): not valid JSON (\(error))"))
            } catch {
                return .failure(InputFailure(text: "input line \(document.line): \(error)"))
            }
        }
    }

    /// Consecutive requests with the same settings, which one batched solve serves.
    static func runs(_ requests: [SolveRequest]) -> [(SolverSettings, [SolveRequest])] {
        var runs: [(SolverSettings, [SolveRequest])] = []
        for request in requests {
            if let last = runs.last, last.0 == request.settings {
                runs[runs.count - 1].1.append(request)
            } else {
                runs.append((request.settings, [request]))
            }
        }
        return runs
    }

    /// Writes `error: message` (one line) to stderr and exits with status 1.
    static func fail(_ message: String) -> Never {
        let oneLine = message.replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("error: \(oneLine)\n".utf8))
        Foundation.exit(1)
    }
}
