package dev.ferry.functions.money;

/** An amount or currency that breaks the rules of {@link Money}; the message says which rule. */
public final class MoneyException extends IllegalArgumentException {

    public MoneyException(String message) {
        super(message);
    }
}
