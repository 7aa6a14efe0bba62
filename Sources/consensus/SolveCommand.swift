import ArgumentParser
import ConsensusGame
import ConsensusRanking
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
            from 0, best first, ties by index) and pick of G, MI, SC, D, ER-G and ER-D, and the \
            exploitability. G and MI are log-scores; a candidate with probability 0 scores "-inf". \
            See docs/solver.md.

            Malformed input stops the command with a one-line error on stderr naming the input \
            line and the field, and exit status 1; the objects before it stay answered.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The input file; - reads standard input.", valueName: "file"))
    var input: String = "-"

    @Option(name: .long, help: "Default η for both players.")
    var eta: Double = 0.1

    @Option(name: .long, help: "Default λ for both players.")
    var lambda: Double = 0.1

    @Option(name: .long, help: "Default number of piKL iterations.")
    var iterations: Int = 5000

    @Option(name: .long, help: ArgumentHelp("Default initial-policy normalisation: cross or plain.", valueName: "cross|plain"))
    var normalization: String = "cross"

    @Option(name: .long, help: "Default k: report the exploitability every k iterations.")
    var exploitabilityInterval: Int?

    @Option(name: .long, help: ArgumentHelp("Default iterate for ER-G and ER-D: last or average.", valueName: "last|average"))
    var equilibriumIterate: String = "last"

    /// The command-line defaults.
    var defaults: SolverSettings {
        get throws {
            guard let normalization = InitialPolicyNormalization(name: normalization) else {
                throw ValidationError("--normalization: '\(normalization)' is not cross or plain.")
            }
            guard let iterate = EquilibriumIterate(rawValue: equilibriumIterate) else {
                throw ValidationError("--equilibrium-iterate: '\(equilibriumIterate)' is not last or average.")
            }
            let settings = SolverSettings(
                etaGenerator: eta, etaDiscriminator: eta, lambdaGenerator: lambda, lambdaDiscriminator: lambda,
                iterations: iterations, normalization: normalization, exploitabilityInterval: exploitabilityInterval,
                equilibriumIterate: iterate)
            do {
                try settings.validate()
            } catch let error as GameInputError {
                let option = ["etaGenerator": "eta", "etaDiscriminator": "eta", "lambdaGenerator": "lambda",
                              "lambdaDiscriminator": "lambda", "exploitabilityInterval": "exploitability-interval"][error.field] ?? error.field
                throw ValidationError("--\(option) \(error.reason).")
            }
            if iterations > SolverSettingsFields.maximumIterations {
                throw ValidationError("--iterations: \(iterations) is above \(SolverSettingsFields.maximumIterations).")
            }
            return settings
        }
    }

    func validate() throws {
        _ = try defaults
    }

    func run() async throws {
        let defaults = try self.defaults
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

        var reader = JSONDocumentReader(file: file)
        while true {
            let document: JSONDocumentReader.Document
            do {
                guard let next = try reader.next() else { break }
                document = next
            } catch {
                Self.fail("input line \(error.line): \(error.message)")
            }
            let request: SolveRequest
            do {
                let json = try JSONParser.parse(Data(document.bytes))
                request = try SolveRequest(json, defaults: defaults)
            } catch let error as JSONParser.SyntaxError {
                Self.fail("input line \(document.line): not valid JSON (\(error))")
            } catch let error as GameInputError {
                Self.fail("input line \(document.line): \(error)")
            } catch {
                Self.fail("input line \(document.line): \(error)")
            }
            let solution = PiKLSolver(settings: request.settings).solve(request.problem)
            // One write per answer, unbuffered: each line is out as soon as it is solved.
            let line = try WireFormat.line(SolveResponse(id: request.id, solution: solution)) + "\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    /// Writes `error: message` (one line) to stderr and exits with status 1.
    static func fail(_ message: String) -> Never {
        let oneLine = message.replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("error: \(oneLine)\n".utf8))
        Foundation.exit(1)
    }
}
