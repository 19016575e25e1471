/// How providers write addresses: each system has its own layout, and clerks vary it.
enum SynthAddressFormat {
    static let abbreviations = ["Road": "Rd", "Street": "St", "Avenue": "Ave", "Lane": "Ln", "Close": "Cl", "Drive": "Dr",
                                "Gardens": "Gdns", "Crescent": "Cres", "Court": "Ct", "Grove": "Gr", "Walk": "Wk"]

    /// The first line (flat, number or house name, street), the locality, the town and the postcode,
    /// varied with probability `variant`: abbreviated street types, other flat styles, a house
    /// name without its number, a dropped locality, a postcode in lower case or without its space.
    static func parts(_ a: SynthTown.Address, variant: Double, _ r: inout SynthRandom) -> (line1: String, locality: String, town: String, postcode: String) {
        var street = a.street
        var locality = a.locality
        var postcode = a.postcode
        let vary = r.chance(variant)
        if vary, r.chance(0.5), let last = street.split(separator: " ").last, let short = abbreviations[String(last)] {
            street = street.split(separator: " ").dropLast().joined(separator: " ") + " " + short + (r.chance(0.3) ? "." : "")
        }
        var line1: String
        if let flat = a.flat {
            switch vary ? r.int(0...2) : 0 {
            case 0: line1 = "Flat \(flat), \(a.number) \(street)"
            case 1: line1 = "\(flat)/\(a.number) \(street)"
            default: line1 = "Apartment \(flat), \(a.number) \(street)"
            }
        } else if let name = a.houseName {
            line1 = vary && r.chance(0.5) ? "\(name), \(street)" : "\(name), \(a.number) \(street)"
        } else {
            line1 = "\(a.number) \(street)"
        }
        if vary, r.chance(0.3) { locality = "" }
        if vary, r.chance(0.3) { postcode = r.chance(0.5) ? postcode.lowercased() : postcode.replacingSpaces() }
        if vary, r.chance(0.2) { line1 = line1.replacingCommas() }
        return (line1, locality, a.town, postcode)
    }

    /// One free-text line: "line1, locality, town" (the postcode is separate unless `withPostcode`).
    static func freeText(_ p: (line1: String, locality: String, town: String, postcode: String), withPostcode: Bool, upper: Bool) -> String {
        var pieces = [p.line1, p.locality, p.town].filter { !$0.isEmpty }
        if withPostcode, !p.postcode.isEmpty { pieces.append(p.postcode) }
        let text = upper ? pieces.joined(separator: " ").replacingCommas().uppercased() : pieces.joined(separator: ", ")
        return text
    }
}

extension String {
    func replacingSpaces() -> String { String(filter { $0 != " " }) }
    func replacingCommas() -> String { String(filter { $0 != "," }) }
}
