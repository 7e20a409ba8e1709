package dev.ferry.local.dynamodb.ops;

import dev.ferry.local.dynamodb.ApiException;
import dev.ferry.local.dynamodb.expression.DocumentPath;
import dev.ferry.local.dynamodb.table.Index;
import dev.ferry.local.dynamodb.table.KeyAttribute;
import dev.ferry.local.dynamodb.table.Table;
import java.util.Collection;

/**
 * Key attributes are scalars, so an expression may name them but not index into them: {@code pk[0]} or
 * {@code pk.x} in a projection or a filter is refused once the table is known, with the message AWS gives
 * (dynalite test/scan.js "non-scalar key access", recorded on DynamoDB; db/index.js validateKeyPaths for the
 * index-key variant).
 */
final class KeyPaths {
    private KeyPaths() {}

    static void requireScalarKeys(Collection<DocumentPath> paths, Table table) {
        for (KeyAttribute key : table.keySchema().attributes()) {
            if (indexesInto(paths, key.name())) throw nonScalar("Key: " + key.name());
        }
        for (Index index : table.indexes()) {
            for (KeyAttribute key : index.keySchema().attributes()) {
                if (indexesInto(paths, key.name())) throw nonScalar("IndexKey: " + key.name());
            }
        }
    }

    private static boolean indexesInto(Collection<DocumentPath> paths, String attribute) {
        return paths.stream().anyMatch(p -> p.attribute().equals(attribute) && !p.isTopLevel());
    }

    private static ApiException nonScalar(String key) {
        return ApiException.validation("Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: " + key);
    }
}
