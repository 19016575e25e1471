/// Deterministic person records for benchmarks (not the synthetic partnership: no truth, no
/// corruption model). Columns: `rec_id, given_name, surname, date_of_birth, sex, address`.
public struct BenchmarkPeople {
    /// The CSV header.
    public static let header = ["rec_id", "given_name", "surname", "date_of_birth", "sex", "address"]
    static let given = CommonNames.given.sorted()
    static let surnames = CommonNames.surnames.sorted()
    static let streets = ["High", "Church", "Station", "Mill", "Park", "London", "Victoria", "Green", "Manor", "Kings",
                          "Queens", "New", "School", "North", "Grange", "Vange", "Pitsea", "Basildon", "Mount", "Chestnut"]
    static let types = ["Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Gardens", "Crescent", "Court"]
    static let towns = [("Basildon", "SS14"), ("Basildon", "SS15"), ("Basildon", "SS16"), ("Pitsea", "SS13"), ("Chelmsford", "CM1"),
                        ("Chelmsford", "CM2"), ("Colchester", "CO4"), ("Wickford", "SS12"), ("Billericay", "CM12"), ("Laindon", "SS15")]
    static let inwardLetters = Array("ABDEFGHJLNPQRSTUWXYZ")

    private var state: UInt64

    /// A generator with a seed.
    public init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 { CLKEncoder.splitmix(&state) }
    mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }

    /// The next record's fields.
    public mutating func record(_ i: Int) -> [String] {
        let year = 1935 + Int(next() % 88), month = 1 + Int(next() % 12)
        let day = 1 + Int(next() % UInt64(CalendarDate.daysIn(month: month, year: year)))
        let (town, district) = pick(Self.towns)
        let postcode = "\(district) \(next() % 10)\(pick(Self.inwardLetters))\(pick(Self.inwardLetters))"
        let number = 1 + next() % 180
        let address = "\(number) \(pick(Self.streets)) \(pick(Self.types)), \(town), \(postcode)"
        let dob = "\(day < 10 ? "0" : "")\(day)/\(month < 10 ? "0" : "")\(month)/\(year)"
        return ["R\(i)", pick(Self.given).initialCapital, pick(Self.surnames).initialCapital, dob, next() % 2 == 0 ? "F" : "M", address]
    }

    /// The linkage spec benchmarks use: 5 identifiers, one 1024-bit CLK, 3 blocking keys.
    public static let specJSON = """
        {
          "format": "linkhaven-spec/1", "project": "benchmark", "version": 1,
          "datasets": [ { "name": "people", "recordId": "rec_id",
            "columns": [
              { "column": "given_name", "role": "identifier", "normaliser": "name" },
              { "column": "surname", "role": "identifier", "normaliser": "name" },
              { "column": "date_of_birth", "role": "identifier", "normaliser": "date" },
              { "column": "sex", "role": "identifier", "normaliser": "sex" },
              { "column": "address", "role": "identifier", "normaliser": "address" }
            ],
            "clks": [ { "name": "person_clk", "bits": 1024, "fields": [
              { "field": "given_name", "q": 2, "k": 15 }, { "field": "surname", "q": 2, "k": 15 },
              { "field": "date_of_birth", "q": 1, "k": 10, "positional": true },
              { "field": "sex", "q": 1, "k": 5 }, { "field": "address", "q": 2, "k": 5 } ] } ],
            "blockingKeys": [
              { "name": "bk_surname_yob", "parts": [ { "field": "surname", "transform": "soundex" }, { "field": "date_of_birth", "transform": "year" } ] },
              { "name": "bk_given_dob", "parts": [ { "field": "given_name", "transform": "initial" }, { "field": "date_of_birth" } ] },
              { "name": "bk_district", "parts": [ { "field": "address", "transform": "district" } ] }
            ] } ]
        }
        """
}

extension String {
    /// The first letter in upper case (Foundation's `capitalized` would also change the rest).
    var initialCapital: String { prefix(1).uppercased() + dropFirst() }
}
