package dev.ferry.local.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LogicalReferencesTest {

    @Test
    void findsNamesInRefGetAttBothFormsAndSubVariablesButNotEscapes() throws Exception {
        var node = new ObjectMapper().readTree("""
                {"A": {"Ref": "Table"}, "B": {"Fn::GetAtt": ["Queue", "Arn"]}, "C": {"Fn::GetAtt": "Topic.TopicName"},
                 "D": [{"Fn::Sub": "${Stream.Arn}/${AWS::Region}/${!Skip}"}],
                 "E": {"Fn::Sub": ["${X}", {"X": {"Ref": "Function"}}]}}""");
        assertThat(LogicalReferences.in(node)).containsExactlyInAnyOrder("Table", "Queue", "Topic", "Stream",
                "AWS::Region", "X", "Function");
    }
}
