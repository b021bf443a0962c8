package dev.labbook;

import java.time.Instant;

/**
 * A typed link from one experiment to another, or from one run to another, as sqltrack keeps
 * them: {@code ("resumes", previous run)}, {@code ("baseline", other experiment)}.
 *
 * @param from the id of the experiment or run the link starts at
 * @param type what the link means; a name (see the name rules)
 * @param to the id of the experiment or run it points to, of the same kind as {@code from}
 * @param created when it was made
 */
public record Link(String from, String type, String to, Instant created) {}
