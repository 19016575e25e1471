import Testing
@testable import LinkhavenCore

@Suite("Name normaliser")
struct NameNormaliserTests {
    @Test(arguments: [
        ("Dr. Siân  O'Brien-Smythe", "sian obrien smythe"),
        ("  SMITH  ", "smith"),
        ("Smith-Jones", "smith jones"),
        ("smith jones", "smith jones"),
        ("Mr John Smith Jr", "john smith"),
        ("Zoë", "zoe"),
        ("Łukasz Żółć", "lukasz zolc"),
        ("Øyvind", "oyvind"),
        ("MÜLLER", "muller"),
        ("Saint John", "st john"),
        ("St. John", "st john"),
        ("O’Neill", "oneill"),
        ("Mrs", "mrs"),
    ])
    func normalises(raw: String, expected: String) throws {
        #expect(try NameNormaliser.normalise(raw)?.canonical == expected)
    }

    @Test func placeholdersAreMissing() throws {
        for raw in ["", "   ", "Unknown", "N/A", "not known", "BABY"] {
            #expect(try NameNormaliser.normalise(raw) == nil, "\(raw)")
        }
    }

    @Test func digitsAreErrors() {
        #expect(throws: NormalisationError.self) { try NameNormaliser.normalise("J0hn") }
        #expect(throws: NormalisationError.self) { try NameNormaliser.normalise("---") }
    }

    @Test func piecesOfDoubleBarrelledNames() throws {
        #expect(try NameNormaliser.normalise("Smith-Jones")?.pieces == ["smith", "jones"])
    }
}

@Suite("Date normaliser")
struct DateNormaliserTests {
    let d = DateNormaliser()

    @Test(arguments: [
        ("14/03/1985", "1985-03-14"), ("4/3/1985", "1985-03-04"), ("14-03-1985", "1985-03-14"), ("14.03.1985", "1985-03-14"),
        ("1985-03-14", "1985-03-14"), ("1985-03-14 00:00:00.000", "1985-03-14"), ("1985-03-14T00:00:00Z", "1985-03-14"),
        ("19850314", "1985-03-14"), ("14 Mar 1985", "1985-03-14"), ("14-Mar-85", "1985-03-14"), ("14 March 1985", "1985-03-14"),
        ("29/02/2000", "2000-02-29"), ("1/1/05", "2005-01-01"), ("1/1/30", "2030-01-01"), ("1/1/31", "1931-01-01"),
        ("31089", "1985-02-11"), ("1", "1900-01-01"), ("59", "1900-02-28"), ("61", "1900-03-01"),
    ])
    func parses(raw: String, iso: String) throws {
        #expect(try d.normalise(raw)?.canonical == iso)
    }

    @Test(arguments: ["31/02/2000", "29/02/2023", "00/01/2000", "13/13/2000", "32/01/2000", "1/1/1850", "60", "12/2000",
                      "yesterday", "2000-02-30", "1/1/123", "14/Foo/1985"])
    func rejectsImpossibleDates(raw: String) {
        #expect(throws: NormalisationError.self) { try d.normalise(raw) }
    }

    @Test func emptyIsMissing() throws {
        #expect(try d.normalise("  ") == nil)
    }

    @Test func excelSerialsCanBeTurnedOff() {
        let strict = DateNormaliser(allowExcelSerials: false)
        #expect(throws: NormalisationError.self) { try strict.normalise("31089") }
    }

    @Test func pivotIsConfigurable() throws {
        #expect(try DateNormaliser(pivot: 10).normalise("1/1/25")?.canonical == "1925-01-01")
    }

    @Test func partsGiveYearAndMonth() throws {
        let v = try #require(try d.normalise("14/03/1985"))
        #expect(v.parts["year"] == "1985" && v.parts["yearMonth"] == "1985-03")
    }

    /// Property: every real date round-trips through dd/mm/yyyy and the epoch-day conversion.
    @Test func roundTripsEveryDayOfACentury() throws {
        var day = CalendarDate(year: 1920, month: 1, day: 1)!.daysSinceEpoch
        let end = CalendarDate(year: 2030, month: 12, day: 31)!.daysSinceEpoch
        while day <= end {
            let date = CalendarDate(daysSinceEpoch: day)
            #expect(date.daysSinceEpoch == day)
            let text = "\(date.day)/\(date.month)/\(date.year)"
            #expect(try d.parse(text) == date)
            day += 37
        }
    }
}

@Suite("Postcodes, NHS numbers, UPRNs, sex")
struct IdentifierNormaliserTests {
    @Test(arguments: [
        ("ss14 1dl", "SS14 1DL"), ("SS141DL", "SS14 1DL"), (" cm1  1qh ", "CM1 1QH"), ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"), ("M1 1AE", "M1 1AE"), ("B33 8TH", "B33 8TH"), ("CR2 6XH", "CR2 6XH"), ("GIR 0AA", "GIR 0AA"),
    ])
    func postcodes(raw: String, canonical: String) throws {
        #expect(try PostcodeNormaliser.normalise(raw)?.canonical == canonical)
    }

    @Test(arguments: ["SS14", "SS14 1D", "1SS 1DL", "SS14 1CL", "QS14 1DL", "SS14 1DLX", "S$14 1DL", "AI1 1AA"])
    func invalidPostcodes(raw: String) {
        #expect(throws: NormalisationError.self) { try PostcodeNormaliser.normalise(raw) }
    }

    @Test func postcodeParts() throws {
        let p = try #require(try PostcodeNormaliser.parse("ss14 1dl"))
        #expect(p.area == "SS" && p.district == "SS14" && p.sector == "SS14 1")
        let q = try #require(try PostcodeNormaliser.parse("EC1A1BB"))
        #expect(q.area == "EC" && q.district == "EC1A" && q.sector == "EC1A 1")
    }

    @Test func nhsNumbers() throws {
        #expect(try NHSNumberNormaliser.normalise("943 476 5919")?.canonical == "9434765919")
        #expect(try NHSNumberNormaliser.normalise("943-476-5919")?.canonical == "9434765919")
        #expect(try NHSNumberNormaliser.normalise("") == nil)
        for bad in ["9434765918", "943476591", "94347659190", "943476591A", "1111111111", "0000000000"] {
            #expect(throws: NormalisationError.self, "\(bad)") { try NHSNumberNormaliser.normalise(bad) }
        }
    }

    /// Property: changing any single digit of a valid NHS number breaks the check digit.
    @Test func nhsCheckCatchesEverySingleDigitError() {
        let valid = [9, 4, 3, 4, 7, 6, 5, 9, 1, 9]
        #expect(NHSNumberNormaliser.passesCheck(valid))
        for i in 0..<10 {
            for d in 0..<10 where d != valid[i] {
                var v = valid
                v[i] = d
                #expect(!NHSNumberNormaliser.passesCheck(v), "digit \(i) → \(d)")
            }
        }
    }

    @Test func uprns() throws {
        #expect(try UPRNNormaliser.normalise("100090123456")?.canonical == "100090123456")
        #expect(try UPRNNormaliser.normalise("00012345")?.canonical == "12345")
        #expect(try UPRNNormaliser.normalise("12345.0")?.canonical == "12345")
        for bad in ["0", "12a45", "1234567890123", "1.2E+11"] {
            #expect(throws: NormalisationError.self, "\(bad)") { try UPRNNormaliser.normalise(bad) }
        }
    }

    @Test func sexCodes() throws {
        #expect(try SexNormaliser.normalise("Female")?.canonical == "F")
        #expect(try SexNormaliser.normalise("m")?.canonical == "M")
        #expect(try SexNormaliser.normalise("1")?.canonical == "M")
        #expect(try SexNormaliser.normalise("2")?.canonical == "F")
        #expect(try SexNormaliser.normalise("Indeterminate")?.canonical == "X")
        #expect(try SexNormaliser.normalise("9") == nil)
        #expect(try SexNormaliser.normalise("Not known") == nil)
        #expect(throws: NormalisationError.self) { try SexNormaliser.normalise("banana") }
    }
}

@Suite("Address normaliser")
struct AddressNormaliserTests {
    func canonical(_ s: String) throws -> String? { try AddressNormaliser.normalise(s)?.canonical }

    @Test func equivalentWritingsAgree() throws {
        let forms = [
            "Flat 2, 14 High St., Basildon, ss141dl",
            "2/14 High Street BASILDON SS14 1DL",
            "FLAT 2 14 HIGH STREET, BASILDON, ESSEX, SS14 1DL",
            "Apartment 2, 14 High St, Basildon SS14 1DL",
        ]
        let first = try canonical(forms[0])
        #expect(first == "2 14 high street SS14 1DL")
        for f in forms { #expect(try canonical(f) == first, "\(f)") }
    }

    @Test func parts() throws {
        let v = try #require(try AddressNormaliser.normalise("Rose Cottage, 3 Church Rd, Vange, Basildon, SS16 4AB"))
        #expect(v.parts["houseName"] == "rose cottage")
        #expect(v.parts["number"] == "3")
        #expect(v.parts["street"] == "church road")
        #expect(v.parts["town"] == "basildon")
        #expect(v.parts["postcode"] == "SS16 4AB")
        #expect(v.parts["district"] == "SS16")
    }

    @Test func abbreviationsExpand() throws {
        #expect(try canonical("12 Elm Gdns, Wickford") == "12 elm gardens wickford")
        #expect(try canonical("5 Kings Ave SS12 9AB") == "5 kings avenue SS12 9AB")
        #expect(try canonical("7 St Johns Rd, Colchester, CO4 3SQ") == "7 st johns road CO4 3SQ")
    }

    @Test func noCommas() throws {
        let v = try #require(try AddressNormaliser.normalise("14a Mill Lane Pitsea SS13 2XY"))
        #expect(v.parts["number"] == "14a")
        #expect(v.parts["street"] == "mill lane")
        #expect(v.parts["town"] == "pitsea")
    }

    @Test func houseNameOnly() throws {
        let v = try #require(try AddressNormaliser.normalise("The Old Rectory, Vange, SS16 5AA"))
        #expect(v.parts["houseName"] == "the old rectory")
        #expect(v.canonical == "the old rectory SS16 5AA")
    }

    @Test func emptyAndJunk() throws {
        #expect(try canonical(" , ,") == nil)
        #expect(throws: NormalisationError.self) { try AddressNormaliser.normalise("SS14 1DL") }
    }
}
