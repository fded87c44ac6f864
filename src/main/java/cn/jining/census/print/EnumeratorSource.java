package cn.jining.census.print;

import java.util.List;

/**
 * The hook through which the assignment stage tells printed maps who enumerates a subarea.
 * Assignment is its own stage; until it provides a bean implementing this interface, replacing
 * {@link NoEnumeratorYet}, maps print a blank line for the name, to be filled in by hand.
 */
public interface EnumeratorSource {

    /** Names of the enumerators (普查员) assigned to the subarea {@code subareaCode}; empty when none is. */
    List<String> enumerators(String subareaCode);
}
