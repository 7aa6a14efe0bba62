import Foundation

/// A named model that model-backed tests load, and the command that installs it. Tests ask for
/// its file with ``file(at:)`` and fail with ``MissingTestModel``'s one-line message when it is
/// not installed, instead of crashing the test run or downloading it.
///
/// This target does not depend on the llama.cpp wrapper, so the caller supplies the path
/// (`ModelStore().path(named: model.name)` in ConsensusLlama).
public struct TestModel: Sendable, Hashable {
    /// The model's catalogue name (`consensus models` lists them).
    public var name: String
    /// The repository's command that installs it with the rest of the set-up.
    public var setupCommand: String

    public init(name: String, setupCommand: String) {
        self.name = name
        self.setupCommand = setupCommand
    }

    /// SmolLM2-135M, the small model most model-backed tests run.
    public static let small = TestModel(name: "smollm2-135m", setupCommand: "bash scripts/setup.sh --test-model")

    /// The catalogue's default model, called `name` (`DefaultModel.name` in ConsensusLlama), which
    /// `bash scripts/setup.sh` installs.
    public static func shippedDefault(named name: String) -> TestModel {
        TestModel(name: name, setupCommand: "bash scripts/setup.sh")
    }

    /// `path` when a file is there.
    /// - Parameter path: where the model is installed; nil when the catalogue does not know it.
    /// - Throws: ``MissingTestModel`` naming the model, the path and the commands that install it.
    public func file(at path: String?) throws -> String {
        guard let path, FileManager.default.fileExists(atPath: path) else { throw MissingTestModel(model: self, path: path) }
        return path
    }
}

/// A model-backed test's model is not installed: the message names the model, where it was
/// looked for, and how to install it.
public struct MissingTestModel: Error, Sendable, CustomStringConvertible {
    public var model: TestModel
    /// Where the model was looked for (nil: the catalogue has no such name).
    public var path: String?

    public var description: String {
        let place = path.map { "no file at \($0)" } ?? "not in the model catalogue"
        return "this test needs the model \(model.name), which is not installed (\(place)); install it with "
            + "`\(model.setupCommand)` (or `consensus models install \(model.name)`) and run the tests again"
    }
}
