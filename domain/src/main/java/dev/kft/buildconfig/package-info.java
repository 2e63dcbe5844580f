/**
 * Per-repository build configuration ({@code .kft.yaml}), image selection per push and the Dockerfile policy.
 * Pure domain code: no AWS SDK, no I/O; the caller fetches files and acts on the results.
 *
 * <p>Decisions about {@code .kft.yaml} (schema version 1), so that they are written down once:
 * <ul>
 *   <li>Errors name the key with 0-based list indexes ({@code images[1].name}) and carry the 1-based line and
 *       column of the offending node: the value for a wrong value, the key for an unknown or repeated key.</li>
 *   <li>Build argument values must be YAML strings. Unquoted numbers, booleans and empty values are errors
 *       (with a hint to quote them), not conversions: YAML has already turned {@code 1.10} into {@code 1.1}.
 *       The file is read with the YAML 1.2 core schema, so {@code yes}/{@code off} stay strings.</li>
 *   <li>{@code images} must list 1 to 20 images. {@code paths}, {@code branches} and {@code tags} may be left out
 *       but not empty: an empty list would read as "never" to some and "always" to others.</li>
 *   <li>{@code context}, {@code dockerfile} and {@code paths} are relative, without {@code ..}; a leading
 *       {@code ./}, repeated or trailing slashes are normalized away ({@code .} is the root).</li>
 *   <li>Anchors and aliases work, within a low limit; merge keys ({@code <<}) are YAML 1.1 and are unknown keys.</li>
 *   <li>Files over 64 KiB, invalid UTF-8 and several YAML documents in one file are refused.</li>
 * </ul>
 */
package dev.kft.buildconfig;
