import Foundation

/// The items of one benchmark file and the schema they were read in.
///
/// Every line up to the last row is a row (a blank line before it is an error), so item `k`
/// (0-based) is on line `k + 1`.
public struct BenchmarkFile<Item: Sendable>: Sendable {
    /// The file, as the caller named it.
    public var path: String
    /// The schema of every row, detected from the first.
    public var schema: DataSchema
    /// The items, in file order.
    public var items: [Item]

    /// Creates a file's contents.
    public init(path: String, schema: DataSchema, items: [Item]) {
        self.path = path
        self.schema = schema
        self.items = items
    }

    /// The 1-based line of item `index`.
    public func line(of index: Int) -> Int { index + 1 }
}

extension JSONLinesFile {
    /// Every row of `data` made into an item by `make`, in the schema that `DataSchema.detect`
    /// finds in the first row; ids must be unique.
    static func rows<Item>(
        of data: Data, source: String, id: (Item) -> String, make: (BenchmarkRow, DataSchema) throws -> Item
    ) throws -> BenchmarkFile<Item> {
        var schema: DataSchema?
        let items = try rows(of: data, source: source, id: id) { row in
            let detected = schema ?? DataSchema.detect(row)
            schema = detected
            return try make(row, detected)
        }
        return BenchmarkFile(path: source, schema: schema ?? .consensus, items: items)
    }
}
