package dev.ferry.logging;

public enum Level {
    DEBUG, INFO, WARN, ERROR
}
