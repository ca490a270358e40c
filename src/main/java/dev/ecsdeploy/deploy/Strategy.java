package dev.ecsdeploy.deploy;

import java.util.Locale;

/** How a service rolls out a new revision: the four ECS-native strategies, or CodeDeploy blue/green. */
public enum Strategy {
    ROLLING("rolling"), BLUE_GREEN("blue-green"), LINEAR("linear"), CANARY("canary"), CODEDEPLOY("codedeploy");

    private final String inputName;

    Strategy(String inputName) {
        this.inputName = inputName;
    }

    /** As the strategy input writes it: rolling, blue-green, linear, canary, codedeploy. */
    public String inputName() {
        return inputName;
    }

    public static Strategy fromInput(String value) {
        for (Strategy strategy : values()) {
            if (strategy.inputName.equals(value)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("no strategy " + value);
    }

    /** The ECS {@code DeploymentStrategy} wire value (ROLLING, BLUE_GREEN, LINEAR, CANARY). */
    public String ecsValue() {
        return name().toUpperCase(Locale.ROOT);
    }

    public boolean isNative() {
        return this != CODEDEPLOY;
    }
}
