package dev.ferry.testing;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts the requests a client sends and the write units DynamoDB reports for them: it asks every write for
 * {@code ReturnConsumedCapacity=TOTAL} and reads the answer. A write refused by its condition reports no
 * capacity in its error; it is counted as a request with {@link Call#succeeded()} false.
 */
public final class RequestMeter implements ExecutionInterceptor {

    public record Call(String operation, boolean succeeded, double writeUnits) {
    }

    private final List<Call> calls = new ArrayList<>();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return switch (context.request()) {
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        double units = switch (response) {
            case PutItemResponse r -> units(r.consumedCapacity());
            case UpdateItemResponse r -> units(r.consumedCapacity());
            case DeleteItemResponse r -> units(r.consumedCapacity());
            case TransactWriteItemsResponse r -> r.consumedCapacity().stream().mapToDouble(RequestMeter::units).sum();
            default -> 0;
        };
        record(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), true, units));
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), false, 0));
    }

    private synchronized void record(Call call) {
        calls.add(call);
    }

    public synchronized void reset() {
        calls.clear();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<String> operations() {
        return calls.stream().map(Call::operation).toList();
    }

    public synchronized int requests() {
        return calls.size();
    }

    public synchronized double writeUnits() {
        return calls.stream().mapToDouble(Call::writeUnits).sum();
    }

    private static double units(ConsumedCapacity capacity) {
        if (capacity == null) {
            return 0;
        }
        if (capacity.writeCapacityUnits() != null) {
            return capacity.writeCapacityUnits();
        }
        return capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
    }
}
