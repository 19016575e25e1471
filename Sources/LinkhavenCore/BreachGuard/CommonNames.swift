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
            // Further given names seen across UK communities.
        "aaliyah", "aarav", "abbie", "agnieszka", "albie", "alex", "ali", "ama", "amelie", "amir", "andrei", "andy",
        "anjali", "arjun", "ashley", "ayesha", "becca", "becky", "bella", "ben", "beth", "bill", "billy", "bob",
        "bobby", "carl", "carly", "chantelle", "charles", "chelsea", "chidi", "chioma", "chris", "colin", "connor",
        "courtney", "dan", "dani", "danielle", "danny", "darcie", "darius", "dave", "deb", "debbie", "deborah", "deepa",
        "dick", "drew", "ed", "eddie", "elena", "eliza", "ellie", "emeka", "esme", "filip", "flo", "florrie", "frankie",
        "fred", "frederick", "georgia", "hanna", "harriet", "harvey", "hassan", "hayley", "ibrahim", "imran", "ioana",
        "izzy", "jackie", "jacqueline", "jade", "jakub", "jamie", "jaxon", "jayden", "jen", "jenny", "jenson", "jess",
        "jim", "jimmy", "jo", "joe", "jordan", "kacper", "kai", "katarzyna", "kate", "katherine", "kayla", "keith",
        "khadija", "kian", "kirsty", "kofi", "kwame", "kyle", "lacey", "laurie", "leanne", "lexi", "liz", "lizzie",
        "lola", "lottie", "luke", "maggie", "maja", "marta", "martin", "maryam", "matt", "mick", "mihai", "mike",
        "nancy", "nasreen", "natalie", "neil", "nell", "ngozi", "nick", "nicky", "ollie", "omar", "pat", "peggy",
        "pete", "piotr", "priya", "rahul", "ravi", "rich", "rob", "ronnie", "sam", "samantha", "sammy", "shabana",
        "shannon", "skye", "soph", "stacey", "stanley", "stefan", "steve", "stuart", "sue", "summer", "sunita", "ted",
        "terry", "thea", "tilly", "tom", "tomasz", "tommy", "toni", "tony", "tori", "trish", "tunde", "tyler", "vicky",
        "victoria", "will", "wojciech", "yusuf", "zainab", "zuzanna",
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
        // Further surnames seen across UK communities.
        "adebayo", "adeyemi", "akhtar", "armstrong", "atkinson", "ball", "barrett", "bates", "berry", "bird", "bishop",
        "booth", "bradley", "burgess", "burns", "burton", "byrne", "carr", "chambers", "chen", "cole", "coleman",
        "cooke", "costa", "cross", "curtis", "dawson", "dean", "doyle", "dunn", "francis", "freeman", "gardner",
        "george", "gill", "gordon", "grant", "gregory", "griffin", "hamilton", "harding", "hardy", "harper", "hart",
        "hawkins", "hayes", "henderson", "hodgson", "holland", "hopkins", "hudson", "hunter", "hutchinson", "ionescu",
        "johnston", "jordan", "kennedy", "kowalski", "kumar", "lane", "li", "long", "lowe", "macdonald", "marsh",
        "martin-clarke", "mccarthy", "mcdonald", "mckenzie", "mensah", "mistry", "moss", "newman", "newton", "nguyen",
        "nicholls", "nicholson", "nowak", "o'brien", "o'connor", "o'neill", "o'sullivan", "obi", "okafor", "okoye",
        "oliver", "osborne", "page", "parry", "parsons", "perry", "popescu", "porter", "potter", "rahman", "reed",
        "rees", "reid", "riley", "robertson", "robson", "rose", "ross", "rossi", "ryan", "santos", "shah", "sharma",
        "sharp", "shepherd", "silva", "smith-jones", "spencer", "stone", "sutton", "taylor-brown", "wallace", "walton",
        "wang", "warren", "watkins", "watts", "webster", "wells", "wheeler", "williamson", "wisniewski", "wojcik",
        "woods", "yates", "zhang",
    ]
}
