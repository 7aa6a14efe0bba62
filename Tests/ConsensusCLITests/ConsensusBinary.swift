import ConsensusLlama
import ConsensusTesting
import Foundation
import Testing

/// Runs the built `consensus` executable.
///
/// `swift test` builds every product, and the executable lands in the build directory next to
/// the test bundle: on Linux the bundle is the executable `consensusPackageTests.xctest`, whose
/// path is `CommandLine.arguments[0]`; on macOS it is a `.xctest` bundle among `Bundle.allBundles`.
enum ConsensusBinary {
    static let url: URL? = {
        var directories: [URL] = []
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        return directories
            .map { $0.appendingPathComponent("consensus") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The repository's root, from this file's path.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The non-empty lines of stdout, parsed as JSON objects.
        var objects: [[String: Any]] {
            get throws {
                try stdout.split(separator: "\n").map { line in
                    try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                }
            }
        }
    }

    /// The environment of a run: the tests' own, with `CONSENSUS_MODEL` set to the small model
    /// (SmolLM2-135M: fast) unless `defaultModel` asks for the shipped default.
    static func environment(defaultModel: Bool) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if defaultModel { environment["CONSENSUS_MODEL"] = nil } else { environment["CONSENSUS_MODEL"] = "smollm2-135m" }
        return environment
    }

    /// The file of the model a run uses: the small one, or the shipped default when
    /// `defaultModel`. A test that runs the binary on a model calls this first, so that when the
    /// model is not installed it fails with ``MissingTestModel``'s message (the model and the
    /// command that installs it) rather than the binary installing the model itself.
    @discardableResult
    static func installedModel(defaultModel: Bool = false) throws -> String {
        if defaultModel {
            return try TestModel.shippedDefault(named: DefaultModel.name).file(at: DefaultModel.path)
        }
        return try TestModel.small.file(at: ModelStore().path(named: TestModel.small.name))
    }

    /// Starts `consensus arguments…` without waiting; its output is discarded.
    static func start(_ arguments: [String]) throws -> Process {
        let binary = try #require(url, "the consensus executable was not found next to the test bundle")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment(defaultModel: false)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `consensus arguments…` with `input` on standard input (on the small model unless
    /// `defaultModel`). Both outputs are read at once, so neither pipe fills and blocks the run;
    /// a run still going after `timeout` seconds is killed and recorded as an issue.
    static func run(
        _ arguments: [String], input: String = "", defaultModel: Bool = false, environment extra: [String: String] = [:],
        timeout: TimeInterval = 1800
    ) throws -> Result {
        let binary = try #require(url, "the consensus executable was not found next to the test bundle")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment(defaultModel: defaultModel).merging(extra) { $1 }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let out = Drain(stdout.fileHandleForReading), err = Drain(stderr.fileHandleForReading)
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
            Issue.record("consensus \(arguments.joined(separator: " ")) was still running after \(Int(timeout)) s, and was stopped")
        }
        return Result(status: process.terminationStatus, stdout: String(decoding: out.data(), as: UTF8.self),
                      stderr: String(decoding: err.data(), as: UTF8.self))
    }

    /// A pipe read to its end on a thread of its own.
    private final class Drain: @unchecked Sendable {
        private var bytes = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                bytes = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        /// Everything the pipe held, once its writer closed it.
        func data() -> Data {
            done.wait()
            return bytes
        }
    }
}
