// Runs the same NMS compiled with scratch=workspace and with scratch=stack on
// random cases: the results must agree, and the function must not write past
// the workspace size it declares (WORKSPACE_SIZE, read from the IR).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nms(const float *boxes, const float *scores, int64_t *keep,
         int64_t *count, void *workspace);
void nms_stack(const float *boxes, const float *scores, int64_t *keep,
               int64_t *count);

enum { N = 64, GUARD = 64 };

int main(void) {
  static _Alignas(8) unsigned char workspace[WORKSPACE_SIZE + GUARD];
  int mismatches = 0;
  srand(1);
  for (int c = 0; c < 2000; ++c) {
    float boxes[N * 4], scores[N];
    for (int i = 0; i < N; ++i) {
      float x = rand() % 100, y = rand() % 100;
      boxes[4 * i] = x;
      boxes[4 * i + 1] = y;
      boxes[4 * i + 2] = x + 5 + rand() % 30;
      boxes[4 * i + 3] = y + 5 + rand() % 30;
      scores[i] = (rand() % 1000) / 1000.f;
    }
    int64_t keep1[N], keep2[N], count1, count2;
    memset(workspace, 0xAB, sizeof workspace);
    nms(boxes, scores, keep1, &count1, workspace);
    nms_stack(boxes, scores, keep2, &count2);
    if (count1 != count2 || memcmp(keep1, keep2, sizeof keep1))
      ++mismatches;
    for (int i = WORKSPACE_SIZE; i < WORKSPACE_SIZE + GUARD; ++i)
      if (workspace[i] != 0xAB) {
        printf("write past the workspace at byte %d\n", i);
        return 2;
      }
  }
  printf("workspace: 2000 cases, %d mismatches\n", mismatches);
  return mismatches != 0;
}
