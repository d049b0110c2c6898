package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PatchesTest {
    private static JsonNode json(String s) {
        return Json.parse(s.replace('\'', '"'));
    }

    @Test
    void strategicMergeMergesContainersByNameAndEnvByName() {
        JsonNode original = json("""
        {'spec':{'containers':[{'name':'a','image':'a:1','env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}]},
                               {'name':'b','image':'b:1'}]}}""");
        JsonNode patch = json("{'spec':{'containers':[{'name':'a','image':'a:2','env':[{'name':'Y','value':'3'}]}]}}");
        JsonNode result = StrategicMergePatch.apply(original, patch);
        assertThat(result).isEqualTo(json("""
        {'spec':{'containers':[{'name':'a','image':'a:2','env':[{'name':'X','value':'1'},{'name':'Y','value':'3'}]},
                               {'name':'b','image':'b:1'}]}}"""));
    }

    @Test
    void strategicMergeReplacesTaintsAndTolerations() {
        JsonNode original = json("{'spec':{'taints':[{'key':'a','effect':'NoSchedule'}],'unschedulable':true}}");
        JsonNode patch = json("{'spec':{'taints':[{'key':'b','effect':'NoExecute'}],'unschedulable':null}}");
        assertThat(StrategicMergePatch.apply(original, patch))
                .isEqualTo(json("{'spec':{'taints':[{'key':'b','effect':'NoExecute'}]}}"));
    }

    @Test
    void strategicMergeHonoursDirectives() {
        JsonNode original = json("""
        {'metadata':{'finalizers':['a','b']},'spec':{'containers':[{'name':'a'},{'name':'b'}],
         'volumes':[{'name':'v','emptyDir':{}}]}}""");
        JsonNode patch = json("""
        {'metadata':{'$deleteFromPrimitiveList/finalizers':['a']},
         '$setElementOrder/containers':[{'name':'b'}],
         'spec':{'containers':[{'name':'a','$patch':'delete'}],
                 'volumes':[{'name':'v','$retainKeys':['name','hostPath'],'hostPath':{'path':'/x'}}]}}""");
        assertThat(StrategicMergePatch.apply(original, patch)).isEqualTo(json("""
        {'metadata':{'finalizers':['b']},'spec':{'containers':[{'name':'b'}],
         'volumes':[{'name':'v','hostPath':{'path':'/x'}}]}}"""));
    }

    @Test
    void strategicMergeUnionsFinalizersAndMergesConditionsByType() {
        JsonNode original =
                json("{'metadata':{'finalizers':['a']},'status':{'conditions':[{'type':'Ready','status':'True'}]}}");
        JsonNode patch = json(
                "{'metadata':{'finalizers':['b','a']},'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'X','status':'True'}]}}");
        assertThat(StrategicMergePatch.apply(original, patch))
                .isEqualTo(
                        json(
                                "{'metadata':{'finalizers':['a','b']},'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'X','status':'True'}]}}"));
    }

    @Test
    void jsonMergePatchReplacesListsAndRemovesNulls() {
        JsonNode original = json("{'a':[1,2],'b':{'c':1,'d':2},'e':1}");
        JsonNode patch = json("{'a':[3],'b':{'c':null,'x':5},'e':null}");
        assertThat(JsonMergePatch.apply(original, patch)).isEqualTo(json("{'a':[3],'b':{'d':2,'x':5}}"));
    }

    @Test
    void jsonMergePatchDiffRoundTrips() {
        JsonNode from = json("{'a':[1,2],'b':{'c':1,'d':2},'e':1}");
        JsonNode to = json("{'a':[3],'b':{'d':2,'x':5},'f':true}");
        assertThat(JsonMergePatch.apply(from, JsonMergePatch.diff(from, to))).isEqualTo(to);
    }
}
