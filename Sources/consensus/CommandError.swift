/// A failure at run time (bad input found while working, an unreadable file): printed as
/// `Error: message`, without the usage text that argument errors get; exit status 1.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
