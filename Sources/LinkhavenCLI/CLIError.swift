/// A problem found while a command runs (a file's contents, an existing output): printed as
/// `Error: …` without the usage text that argument mistakes get.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
