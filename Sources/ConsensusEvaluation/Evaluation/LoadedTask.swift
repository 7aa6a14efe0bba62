/// A task's data file as an evaluation loaded it: the schema it is in and the line of each
/// item, for `results.json` and for errors that name an item's line.
struct LoadedTask<Items: Sendable>: Sendable {
    var data: EvaluationPlan.TaskData
    /// The selected items.
    var items: Items
    var schema: DataSchema
    /// The 1-based line of each item id in the file.
    var lines: [String: Int]

    /// The selection of `file`'s items that `select` keeps, after checking the file's schema
    /// against the task.
    init<Item>(
        _ data: EvaluationPlan.TaskData, file: BenchmarkFile<Item>, id: (Item) -> String, select: ([Item]) throws -> Items
    ) throws {
        try data.task.check(file.schema, file: file.path)
        self.data = data
        schema = file.schema
        lines = Dictionary(file.items.enumerated().map { (id($1), file.line(of: $0)) }, uniquingKeysWith: { first, _ in first })
        items = try select(file.items)
    }
}
