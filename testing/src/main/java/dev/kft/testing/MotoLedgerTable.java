package dev.kft.testing;

import dev.kft.aws.LedgerTable;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A ledger table of its own in moto, made from the table's one definition
 * ({@link LedgerTable#createTableRequest}), for the ledger adapters' tests: they need nothing else of a
 * stack, and a whole {@link MotoStack} costs about 25 calls where this costs one.
 */
public final class MotoLedgerTable {
    public final DynamoDbClient dynamoDb;
    public final String name;

    private MotoLedgerTable(DynamoDbClient dynamoDb, String name) {
        this.dynamoDb = dynamoDb;
        this.name = name;
    }

    public static MotoLedgerTable create(MotoServer moto) {
        DynamoDbClient dynamoDb = moto.clients().build(DynamoDbClient.builder());
        String name = "ledger-" + UUID.randomUUID().toString().substring(0, 8);
        dynamoDb.createTable(LedgerTable.createTableRequest(name));
        return new MotoLedgerTable(dynamoDb, name);
    }
}
