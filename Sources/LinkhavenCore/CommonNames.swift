/// Common UK given names and surnames, for spotting names that were not pseudonymised.
public enum CommonNames {
    /// Frequent given names (folded to lower case).
    public static let given: Set<String> = [
        "oliver", "george", "harry", "jack", "jacob", "noah", "charlie", "muhammad", "thomas", "oscar", "william", "james",
        "leo", "alfie", "henry", "joshua", "freddie", "archie", "ethan", "isaac", "alexander", "joseph", "edward", "samuel",
        "max", "logan", "lucas", "daniel", "theo", "arthur", "mohammed", "harrison", "benjamin", "mason", "finley", "sebastian",
        "adam", "dylan", "zachary", "riley", "teddy", "theodore", "david", "toby", "jake", "louie", "elijah", "reggie", "luca",
        "michael", "john", "paul", "mark", "andrew", "richard", "robert", "christopher", "stephen", "peter", "matthew", "anthony",
        "kevin", "gary", "ian", "simon", "lee", "craig", "darren", "wayne", "dean", "jason", "scott", "liam", "ryan", "callum",
        "olivia", "amelia", "isla", "ava", "emily", "isabella", "mia", "poppy", "ella", "lily", "sophia", "sophie", "grace",
        "evie", "jessica", "charlotte", "freya", "ruby", "daisy", "alice", "chloe", "florence", "sienna", "phoebe", "matilda",
        "evelyn", "harper", "millie", "ivy", "rosie", "elsie", "willow", "scarlett", "erin", "holly", "lucy", "emma", "hannah",
        "sarah", "laura", "rebecca", "amy", "rachel", "lauren", "katie", "gemma", "nicola", "claire", "michelle", "lisa", "karen",
        "susan", "julie", "helen", "joanne", "louise", "kelly", "donna", "tracey", "dawn", "jennifer", "elizabeth", "mary",
        "margaret", "patricia", "linda", "barbara", "jean", "joan", "dorothy", "kathleen", "irene", "doreen", "sharon", "angela",
        "emma", "zoe", "leah", "abigail", "megan", "jasmine", "eleanor", "maisie", "layla", "aisha", "fatima", "amira", "zara",
    ]

    /// Frequent surnames (folded to lower case).
    public static let surnames: Set<String> = [
        "smith", "jones", "williams", "taylor", "brown", "davies", "evans", "wilson", "thomas", "johnson", "roberts", "robinson",
        "thompson", "wright", "walker", "white", "edwards", "hughes", "green", "hall", "lewis", "harris", "clarke", "patel",
        "jackson", "wood", "turner", "martin", "cooper", "hill", "ward", "morris", "moore", "clark", "lee", "king", "baker",
        "harrison", "morgan", "allen", "james", "scott", "phillips", "watson", "davis", "parker", "price", "bennett", "young",
        "griffiths", "mitchell", "kelly", "cook", "carter", "richardson", "bailey", "collins", "bell", "shaw", "murphy", "miller",
        "cox", "richards", "khan", "marshall", "anderson", "simpson", "ellis", "adams", "singh", "begum", "wilkinson", "foster",
        "chapman", "powell", "webb", "rogers", "gray", "mason", "ali", "hunt", "hussain", "campbell", "matthews", "owen",
        "palmer", "holmes", "mills", "barnes", "knight", "lloyd", "butler", "russell", "barker", "fisher", "stevens", "jenkins",
        "murray", "dixon", "harvey", "graham", "pearson", "ahmed", "fletcher", "walsh", "kaur", "gibson", "howard", "andrews",
        "stewart", "elliott", "reynolds", "saunders", "payne", "fox", "ford", "pearce", "day", "brooks", "west", "lawrence",
    ]
}
