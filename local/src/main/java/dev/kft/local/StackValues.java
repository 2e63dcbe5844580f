package dev.kft.local;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a template's names stand for in one stack, for {@link Intrinsics}: pseudo parameters
 * ({@code AWS::Region}), parameters (the given value, else the template's Default; list types as
 * lists) and resources ({@code Resource} for Ref, {@code Resource.Attribute} for GetAtt).
 */
public final class StackValues implements Function<String, Object> {
    private final Template template;
    private final Map<String, String> pseudoParameters;
    private final Map<String, String> parameters;
    private final Function<String, String> resources;

    /**
     * @param parameters values that replace the template's defaults
     * @param resources  a resource's physical id or attribute by name; null when the stack has none
     */
    public StackValues(Template template, Map<String, String> pseudoParameters, Map<String, String> parameters,
                       Function<String, String> resources) {
        this.template = template;
        this.pseudoParameters = Map.copyOf(pseudoParameters);
        this.parameters = Map.copyOf(parameters);
        this.resources = resources;
    }

    /** The pseudo parameters of a stack in {@code region} of {@code account}. */
    public static Map<String, String> pseudoParameters(String region, String account, String stackName) {
        Map<String, String> pseudo = new LinkedHashMap<>();
        pseudo.put("AWS::Region", region);
        pseudo.put("AWS::AccountId", account);
        pseudo.put("AWS::StackName", stackName);
        pseudo.put("AWS::Partition", region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws");
        pseudo.put("AWS::URLSuffix", region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com");
        return pseudo;
    }

    /** A parameter's value in this stack (given, else Default), or null when it has neither. */
    public String parameter(String name) {
        Map<String, Object> declaration = template.parameters().get(name);
        if (declaration == null) {
            throw new IllegalArgumentException(template.file() + " has no parameter " + name);
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        Object fallback = declaration.get("Default");
        return fallback == null ? null : fallback.toString();
    }

    @Override
    public Object apply(String name) {
        if (pseudoParameters.containsKey(name)) {
            return pseudoParameters.get(name);
        }
        Map<String, Object> declaration = template.parameters().get(name);
        if (declaration == null) {
            return resources.apply(name);
        }
        String value = parameter(name);
        String type = String.valueOf(declaration.get("Type"));
        boolean list = type.startsWith("List<") || type.equals("CommaDelimitedList");
        return value == null || !list ? value
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
