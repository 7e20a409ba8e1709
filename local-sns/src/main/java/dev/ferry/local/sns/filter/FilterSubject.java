package dev.ferry.local.sns.filter;

import java.util.List;

/** What a policy looks at: the message attributes, or the JSON object in the message body. */
interface FilterSubject {

    /** The scalar values under {@code key} at this level; empty when the key is absent. */
    List<Candidate> values(String key);

    /** The objects under {@code key} at this level, for nested policy keys. */
    FilterSubject child(String key);
}
