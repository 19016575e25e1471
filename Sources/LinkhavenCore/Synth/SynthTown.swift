/// The synthetic town's addresses, derived from an address index so that any address can be
/// made on demand (streaming, in any order): streets of about 40 addresses, unit postcodes of
/// about 15, sectors and small areas (LSOA-like codes) of about 600, some blocks of flats and some
/// named houses. Valid-format postcodes in the Basildon districts, town names of the ward.
struct SynthTown: Sendable {
    static let perStreet = 40, perUnit = 15, perSmallArea = 600
    static let stems = ["Vange Hill", "Clay Hill", "Timberlog", "Pitsea", "Luncies", "Long Riding", "Kingswood", "Church", "High",
                        "Station", "Mill", "Park", "Manor", "Grange", "Victoria", "Queens", "Kings", "Chestnut", "Rectory", "Bardfield",
                        "Rochester", "Felmores", "Cranes", "Gloucester", "Whitmore", "Ashlyns", "Ilfracombe", "Hawkesbury", "Southview",
                        "Northlands", "Westley", "Eastgate", "Ballards", "Somercotes", "Wickhay", "Lichfield", "Canterbury", "Audley",
                        "Pound", "Nevendon", "Hovefields", "Burnt Mills", "Fairhouse", "Moat", "Elder", "Rowan", "Hornbeam", "Willow",
                        "Beech", "Sycamore", "Hazel", "Maple", "Laburnum", "Holly", "Juniper", "Blackthorn", "Meadow", "Brook", "Orchard"]
    static let types = ["Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Gardens", "Crescent", "Court", "Walk", "Mews", "Rise", "Grove"]
    static let houseNames = ["Rose Cottage", "The Old Rectory", "Fairview", "Hillcrest", "The Laurels", "Orchard House", "Woodlands",
                             "The Cedars", "Meadow View", "Ivy Cottage", "The Willows", "Brookside"]
    static let districts = [("SS16", "Vange"), ("SS16", "Langdon Hills"), ("SS13", "Pitsea"), ("SS14", "Fryerns"), ("SS15", "Laindon")]
    static let unitLetters = Array("ABDEFGHJLNPQRSTUWXYZ")

    /// One address.
    struct Address: Sendable, Equatable {
        var id: Int
        var flat: String?, number: Int, houseName: String?, street: String, locality: String, town: String, postcode: String
        var smallArea: String
    }

    let seed: UInt64

    func address(_ id: Int) -> Address {
        var r = SynthRandom(seed: seed, stream: 0xADD0_0000 &+ UInt64(id / Self.perStreet))
        let streetIndex = id / Self.perStreet
        let stem = r.pick(Self.stems), type = r.pick(Self.types)
        let street = streetIndex < Self.stems.count * Self.types.count ? "\(stem) \(type)" : "\(stem) \(type) \(streetIndex / 800 + 1)"
        let isFlats = r.chance(0.12)
        let area = (streetIndex / 4) % Self.districts.count
        var (district, locality) = Self.districts[area]
        var town = "Basildon"
        let block = id / 60_000   // sectors × units cover 60,000 addresses; past that, a new district
        if block > 0 {
            district = ["CM", "CO", "RM", "IG", "SS"][block % 5] + String(20 + (block / 5) % 70 + area)
            town = "Town \(block)"
            locality = "\(locality) \(block)"
        }
        let pos = id % Self.perStreet
        var a = Address(id: id, flat: nil, number: pos + 1, houseName: nil, street: street, locality: locality, town: town,
                        postcode: "", smallArea: "E0102\(String(1000 + id / Self.perSmallArea).suffix(4))")
        if isFlats {
            a.flat = String(pos % 10 + 1)
            a.number = pos / 10 + 1
        }
        var h = SynthRandom(seed: seed, stream: 0x5EED_0000 &+ UInt64(id))
        if !isFlats, h.chance(0.05) { a.houseName = h.pick(Self.houseNames) }
        let unitIndex = id / Self.perUnit
        let sector = (unitIndex / 400) % 10
        let letters = Self.unitLetters
        let u = unitIndex % 400
        a.postcode = "\(district) \(sector)\(letters[u / 20])\(letters[u % 20])"
        return a
    }
}
