/// The linkage spec that ships with the synthetic partnership: every provider's identifiers
/// mapped to the shared fields, one person CLK and one address CLK, blocking keys, small areas
/// from the postcode lookup, and every other column kept as an attribute.
extension SynthDataset {
    /// Where this dataset keeps each identifier: (given, surname, dob, sex, address columns, postcode).
    var identifierColumns: (given: String, surname: String, dob: String, sex: String?, address: [String], postcode: String) {
        switch self {
        case .housing: ("claimant_forename", "claimant_surname", "claimant_dob", nil, ["address_line_1", "address_line_2", "town"], "postcode")
        case .socialCare: ("forename", "surname", "date_of_birth", "sex", ["main_address"], "postcode")
        case .schoolReadiness: ("forename", "surname", "dob", "gender", ["address"], "postcode")
        case .youthOffending: ("first_name", "last_name", "date_of_birth", "sex", ["address"], "postcode")
        case .drugAlcohol: ("forename", "surname", "dob", "gender", ["address"], "postcode")
        case .police: ("forename", "surname", "dob", "sex", ["address"], "postcode")
        }
    }

    /// This dataset's part of the spec.
    var datasetSpec: DatasetSpec {
        let c = identifierColumns
        func id(_ column: String, _ field: String, _ n: Normaliser, parts: Bool? = nil, also: [String]? = nil) -> ColumnSpec {
            ColumnSpec(column: column, role: .identifier, field: field, normaliser: n, token: nil, nameParts: parts, required: nil,
                       generalise: nil, output: nil, alsoColumns: also)
        }
        var columns = [id(c.given, "given_name", .name), id(c.surname, "surname", .name, parts: true), id(c.dob, "date_of_birth", .date)]
        if let sex = c.sex { columns.append(id(sex, "sex", .sex)) }
        columns.append(id(c.address[0], "address", .address, also: Array(c.address.dropFirst()) + [c.postcode]))
        columns.append(id(c.postcode, "postcode", .postcode))
        columns.append(ColumnSpec(column: c.postcode, role: .quasiIdentifier, field: nil, normaliser: .postcode, token: nil, nameParts: nil,
                                  required: nil, generalise: Generalisation(to: "lookup", referenceDate: nil, bands: nil,
                                  lookup: LookupSpec(file: "small-areas.csv", key: "postcode", value: "small_area")),
                                  output: "small_area", alsoColumns: nil))
        let used = Set([header[0], c.given, c.surname, c.dob, c.postcode] + c.address + (c.sex.map { [$0] } ?? []))
        for h in header where !used.contains(h) && h.hasSuffix("_date") {   // event dates: generalised to the month
            columns.append(ColumnSpec(column: h, role: .quasiIdentifier, field: nil, normaliser: .date, token: nil, nameParts: nil, required: nil,
                                      generalise: Generalisation(to: "yearMonth", referenceDate: nil, bands: nil, lookup: nil),
                                      output: nil, alsoColumns: nil))
        }
        let profiles = attributeProfiles
        for h in header where !used.contains(h) && !h.hasSuffix("_date") {
            columns.append(ColumnSpec(column: h, role: .attribute, field: nil, normaliser: nil, token: nil, nameParts: nil, required: nil,
                                      generalise: nil, output: nil, alsoColumns: nil, type: profiles[h]?.0, values: profiles[h]?.1))
        }
        var personFields = [CLKFieldSpec(field: "given_name", part: nil, q: 2, k: 15, positional: nil),
                            CLKFieldSpec(field: "surname", part: nil, q: 2, k: 15, positional: nil),
                            CLKFieldSpec(field: "date_of_birth", part: nil, q: 1, k: 10, positional: true)]
        if c.sex != nil { personFields.append(CLKFieldSpec(field: "sex", part: nil, q: 1, k: 5, positional: nil)) }
        func fieldCLK(_ field: String, q: Int, positional: Bool? = nil) -> CLKSpec {
            CLKSpec(name: "\(field)_clk", bits: 512, hashing: nil, hardening: nil,
                    fields: [CLKFieldSpec(field: field, part: nil, q: q, k: 20, positional: positional)])
        }
        let clks = [fieldCLK("given_name", q: 2), fieldCLK("surname", q: 2), fieldCLK("date_of_birth", q: 1, positional: true),
                    CLKSpec(name: "person_clk", bits: 1024, hashing: nil, hardening: nil, fields: personFields),
                    CLKSpec(name: "address_clk", bits: 1024, hashing: nil, hardening: nil,
                            fields: [CLKFieldSpec(field: "address", part: nil, q: 2, k: 20, positional: nil)])]
        let blocking = [
            BlockingKeySpec(name: "bk_surname_yob", parts: [BlockingPartSpec(field: "surname", transform: "soundex"),
                                                             BlockingPartSpec(field: "date_of_birth", transform: "year")]),
            BlockingKeySpec(name: "bk_dob", parts: [BlockingPartSpec(field: "date_of_birth", transform: "value")]),
            BlockingKeySpec(name: "bk_given_postcode", parts: [BlockingPartSpec(field: "given_name", transform: "soundex"),
                                                                BlockingPartSpec(field: "postcode", transform: "value")]),
            BlockingKeySpec(name: "bk_sector", parts: [BlockingPartSpec(field: "postcode", transform: "sector")]),
        ]
        return DatasetSpec(name: rawValue, recordId: header[0], columns: columns, clks: clks, blockingKeys: blocking, digests: nil)
    }

    /// The spec for all six datasets.
    public static var partnershipSpec: LinkageSpec {
        LinkageSpec(format: LinkageSpec.currentFormat, project: "school-readiness-vange", version: 1,
                    description: "Synthetic school readiness partnership: six providers' datasets (reference 002, section 2).",
                    dates: nil, datasets: allCases.map(\.datasetSpec))
    }
}

extension SynthDataset {
    /// A linkage config for the six datasets pseudonymised with ``partnershipSpec`` (files named
    /// `<dataset>.pseudo.csv`): deterministic, blocking, comparisons, training and clustering.
    public static var partnershipLinkConfig: LinkConfig {
        func level(_ label: String, token: String? = nil, parts: String? = nil, clk: String? = nil, dice: Double? = nil, tf: Bool? = nil) -> LevelSpec {
            LevelSpec(label: label, token: token, parts: parts, clk: clk, dice: dice, tf: tf)
        }
        let comparisons = [
            ComparisonSpec(name: "given name", null: ["given_name_token"], levels: [
                level("exact", token: "given_name_token", tf: true), level("similar", clk: "given_name_clk", dice: 0.8),
                level("somewhat similar", clk: "given_name_clk", dice: 0.6)]),
            ComparisonSpec(name: "surname", null: ["surname_token"], levels: [
                level("exact", token: "surname_token", tf: true), level("shares a name part", parts: "surname_parts"),
                level("similar", clk: "surname_clk", dice: 0.8), level("somewhat similar", clk: "surname_clk", dice: 0.6)]),
            ComparisonSpec(name: "date of birth", null: ["date_of_birth_token"], levels: [
                level("exact", token: "date_of_birth_token"), level("one digit or swap", clk: "date_of_birth_clk", dice: 0.8),
                level("similar", clk: "date_of_birth_clk", dice: 0.6)]),
            ComparisonSpec(name: "sex", null: ["sex_token"], levels: [level("exact", token: "sex_token")]),
            // One comparison for where they live: address and postcode are not independent evidence.
            ComparisonSpec(name: "address", null: ["address_token"], levels: [
                level("exact", token: "address_token"), level("similar", clk: "address_clk", dice: 0.8),
                level("same postcode", token: "postcode_token"), level("same sector", token: "bk_sector")]),
        ]
        return LinkConfig(
            format: LinkConfig.currentFormat,
            datasets: allCases.map { LinkConfig.DatasetInput(name: $0.rawValue, file: "\($0.rawValue).pseudo.csv", unique: nil) },
            linkType: "linkAndDedupe",
            deterministic: [LinkConfig.DeterministicPass(name: "exact name, date of birth and postcode",
                                                          columns: ["given_name_token", "surname_token", "date_of_birth_token", "postcode_token"])],
            blocking: [["bk_dob"], ["bk_surname_yob"], ["bk_given_postcode"], ["given_name_token", "surname_token"]],
            comparisons: comparisons,
            training: LinkConfig.TrainingSpec(emBlocking: [["date_of_birth_token"], ["given_name_token", "surname_token"]],
                                              uSampleSize: 1_000_000, iterations: 25,
                                              priorRule: ["given_name_token", "surname_token", "date_of_birth_token"], priorRecall: 0.6),
            thresholds: LinkConfig.Thresholds(match: 0.9, review: 0.5),
            // Households: person clusters plus exact (normalised) addresses. Fuzzy address similarity is left out:
            // within a postcode "12 Rowan Court" and "13 Rowan Court" are nearly identical and chain whole streets.
            clustering: LinkConfig.ClusteringSpec(bridge: 0.99, addressToken: "address_token", addressCLK: nil,
                                                  addressDice: nil, addressBlock: nil))
    }
}
