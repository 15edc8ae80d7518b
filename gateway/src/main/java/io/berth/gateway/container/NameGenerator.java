package io.berth.gateway.container;

import java.util.List;
import java.util.random.RandomGenerator;

/** Docker-style generated names, {@code adjective_surname}, from our own word lists. */
public final class NameGenerator {
    private static final List<String> ADJECTIVES = List.of(
            "agile", "bold", "brave", "bright", "calm", "clever", "cosmic", "crisp", "daring", "eager",
            "elated", "fervent", "fierce", "gentle", "glad", "happy", "hopeful", "jolly", "keen", "kind",
            "lucid", "merry", "mighty", "modest", "nimble", "noble", "patient", "proud", "quick", "quiet",
            "serene", "sharp", "steady", "stoic", "sunny", "swift", "tender", "upbeat", "vivid", "witty",
            "zealous", "zen");
    // engineers and scientists whose work these systems stand on
    private static final List<String> SURNAMES = List.of(
            "allen", "babbage", "backus", "bartik", "berners", "boole", "cerf", "dijkstra", "engelbart",
            "hamilton", "hopper", "kahn", "kay", "knuth", "lamport", "liskov", "lovelace", "mccarthy",
            "meitner", "noether", "pike", "ritchie", "shannon", "sutherland", "thompson", "torvalds", "turing",
            "wirth", "yonath", "zuse", "goldberg", "perlman", "wing", "estrin", "brooks", "hoare", "milner",
            "church", "kleene", "hellman");

    private final RandomGenerator random;

    public NameGenerator(RandomGenerator random) {
        this.random = random;
    }

    public String next() {
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_" + SURNAMES.get(random.nextInt(SURNAMES.size()));
    }

    /** A name after {@code attempt} collisions: Docker appends a digit once plain names keep colliding. */
    public String next(int attempt) {
        return attempt < 3 ? next() : next() + random.nextInt(10);
    }
}
