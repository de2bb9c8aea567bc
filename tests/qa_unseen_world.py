"""The knowledge base behind the unseen question sets (tests/data/qa_unseen/set_*.json): the five seed plans,
the plans of tests/data/qa_plans and five more plans written for these sets (tests/data/qa_unseen/plans: a
commune plan in prose, a ward Party committee plan, a department's table, a fielded ward plan and a city
steering committee's plan), all ingested with the real pipeline, then a few status updates of their own so
that "đã xong", "đang làm", "vướng mắc" have true answers. The questions must find the right plan among all
twelve.

Runnable: `python -m tests.qa_unseen_world DB [SET.json ...]` builds DB (when it does not exist) and grades
the sets in-process with the shared grader's rules, printing the figures by pattern.

World C (set_c.json) is that world plus three more plans (tests/data/qa_unseen/plans_c: a commune Party
committee whose units are assigned in its last section, a commune's appendix table, a city education
department's numbered plan) and a few statuses of their own. It is a separate database because set_a and
set_b count the twelve plans and the statuses of all of them; a DB built for one world refuses the other's
sets.

World D (set_d.json) is the twelve-plan world plus tests/data/qa_unseen/plans_d (a ward's fielded plan, a
provincial health department's table, a commune steering committee's numbered plan; not plans_c) and
STATUSES_D, in a database of its own for the same reason.

World E (set_e.json) is the twelve-plan world plus tests/data/qa_unseen/plans_e (a merged commune's fielded
plan, a ward Party committee's prose plan, a provincial agriculture and environment department's table with
its columns in another order; not plans_c or plans_d) and STATUSES_E, again in a database of its own.

World F (set_f.json) is the twelve-plan world plus tests/data/qa_unseen/plans_f (a provincial People's
Committee's appendix table with A./B./C. group rows, a ward's "Giao X chủ trì …" bullets, a commune youth
union's "Nhiệm vụ N:" paragraphs; not plans_c, _d or _e) and STATUSES_F, in a database of its own.

World G (set_g.json) is the twelve-plan world plus tests/data/qa_unseen/plans_g (a provincial culture, sports
and tourism department's "Phần I/II/III" plan of "Nhiệm vụ N." blocks, a commune's table whose lead column says
"Nt" / "Như trên" / "-" for the row above, a ward Party committee's action programme in numbered prose) and
STATUSES_G, in a database of its own.

World H (set_h.json) is the twelve-plan world plus tests/data/qa_unseen/plans_h (a commune's numbered list of
one-sentence tasks ending "(unit, time)" with "+" sub-tasks, a provincial justice department's table with the
lead column first, a ward Fatherland Front committee's lettered "a) Label: …" paragraphs) and STATUSES_H, in a
database of its own.

World I (set_i.json) is the twelve-plan world plus tests/data/qa_unseen/plans_i (a ward's two-level outline with
"Chủ trì:", "Phối hợp:", "Hoàn thành:" lines, a provincial trade department's table with "a)", "b)" sub-rows, a
commune Party committee's prose sentences under bold headings) and STATUSES_I, in a database of its own.

World J (set_j.json) is the twelve-plan world plus tests/data/qa_unseen/plans_j (a commune chairman's Quyết định
with its Kế hoạch attached as a table whose leads are posts or persons, a provincial home affairs department's
numbered headings with an appendix table "Chủ trì: X; Phối hợp: Y", a ward's dispatch letter assigning work unit
by unit) and STATUSES_J, in a database of its own.

World K (set_k.json) is the twelve-plan world plus tests/data/qa_unseen/plans_k (a provincial farmers' union's
"*" bullets whose leads are named only in a closing "PHÂN CÔNG NHIỆM VỤ" section, a lower secondary school's
month-by-month timeline, a ward's progress table with "x" marks under T10 … Q1/2026) and STATUSES_K, in a
database of its own.

World L (set_l.json) is the twelve-plan world plus tests/data/qa_unseen/plans_l (a commune Party committee's
"Nghị quyết chuyên đề" of prose paragraphs whose leads are named in a later "Giao …" sentence, a provincial
People's Committee's numbered paragraphs opening with "(X chủ trì)" or "X:" and ending "– Thời hạn: …", a ward's
three-column table whose unit cell lists the lead then "PH: …") and STATUSES_L, in a database of its own.

World N (set_n.json) is the twelve-plan world plus tests/data/qa_unseen/plans_n (a city People's Committee's
table pasted from Word with TAB-separated columns, group rows "A", empty cells and continuation lines; a commune
steering committee's plan whose tasks are assigned member by member, "Đồng chí X – post: …" over "-" lines; a
city social insurance agency's "Nhiệm vụ N: title" blocks with "Đầu mối:", "Cùng thực hiện:", "Mốc thời gian:",
"Kết quả cần đạt:" lines) and STATUSES_N, in a database of its own.

World M (set_m.json) is the twelve-plan world plus tests/data/qa_unseen/plans_m (a provincial health department's
responsibility matrix whose unit columns hold "C" / "P" marks under short forms explained in a legend below the
table, a commune's month-and-quarter work plan of "•" bullets under week and date-range lines ending "— Giao: X;
phối hợp: Y" or "(Công chức X thực hiện)", a ward Party committee's "Thông báo kết luận" assigning work in
numbered and lettered points) and STATUSES_M, in a database of its own.

World O (set_o.json) is the twelve-plan world plus tests/data/qa_unseen/plans_o (a provincial police command's
campaign plan whose numbered tasks state no time of their own and take the end of their phase heading, "Giai đoạn
1 (từ 15/10/2025 đến 30/11/2025):", "Đợt cao điểm … (từ … đến …):", "Nhiệm vụ thường xuyên:", with leads such as
"Phòng … (PC06) chủ trì" and then "PC06 chủ trì"; a ward's one-line tasks "content – lead – time – PH: …" split
by " – " or " | " under "A."–"D." headings, without a table header; a provincial women's union's yearly work
programme, a table "Tháng | Nội dung công việc | Ban/đơn vị tham mưu | Lãnh đạo phụ trách" whose month column is
the time and whose advising board is the lead) and STATUSES_O, in a database of its own.

World P (set_p.json) is the twelve-plan world plus tests/data/qa_unseen/plans_p (a city construction department's
three-level outline whose "1.1." groups state the lead once, "Đơn vị chủ trì: X; đơn vị phối hợp: Y" or "Giao X
chủ trì, Y phối hợp thực hiện các nội dung sau:", and a "Thời gian:" that the "1.1.1." items under them inherit
unless they say "(hoàn thành trước …)"; a city tourism department's table with "Bắt đầu", "Hoàn thành" and
"Kinh phí" columns and bold "**A. …**" group rows; a village Party cell's monthly resolution whose "-" task lines
name no one and are assigned in a closing "PHÂN CÔNG" part, member by member and body by body) and STATUSES_P,
in a database of its own.

World Q (set_q.json) is the twelve-plan world plus tests/data/qa_unseen/plans_q (a provincial People's Committee's
plan whose tasks are bold headings "**…**" each over one paragraph opening "(Thời gian: …)" and ending "Cơ quan thực
hiện: X chủ trì; Y phối hợp."; a provincial department's dispatch "Số: 2204/SNNMT-CĐS", "V/v đôn đốc …" whose
tasks are the rows of its appendix "PHỤ LỤC: DANH SÁCH NHIỆM VỤ VÀ THỜI HẠN", `| STT | Nội dung | Đơn vị thực hiện |
Thời hạn |`, units often collective ("UBND các xã, phường", "Phòng Kinh tế các xã"); a ward's event plan for the
national digital transformation day, a preparation checklist due days before the event and a programme table
`| Thời gian | Nội dung | Bộ phận thực hiện |` of time slots) and STATUSES_Q, in a database of its own.

World R (set_r.json) is the twelve-plan world plus tests/data/qa_unseen/plans_r (a provincial finance department's
table whose lead, coordinator and time cells are merged over consecutive rows, so the rows below are left empty or
say "nt" / "Như trên"; a ward People's Committee's Quyết định with the Kế hoạch attached after its articles, the
tasks in the attachment as numbered items over one "Đơn vị thực hiện: X, Y, Z. Thời gian: …" line whose first unit
leads; a commune Party committee's "Chương trình hành động" whose remits are grouped by unit, "1. Ban Tuyên giáo và
Dân vận Đảng ủy:" over "–" / "+" / "-" items, each item due at its own "(hoàn thành …)" or else at the group's
"(Thời hạn chung: …)") and STATUSES_R, in a database of its own.

World S (set_s.json) is the twelve-plan world plus tests/data/qa_unseen/plans_s (a commune plan whose `1)`–`18)`
tasks end in a bracket "(Giao: X; phối hợp: Y; thời gian: …)" or "(Cơ quan thực hiện: X chủ trì, Y phối hợp; Thời
hạn: …)", one of them "Giao: như trên"; a district health centre's plan of "5 rõ" paragraphs "HT-01. Rõ việc: … Rõ
người: CNTT (chủ trì), TCKT. Rõ thời gian: … Rõ trách nhiệm: <post>. Rõ sản phẩm: …" over a legend of short forms;
a provincial finance department's table `| Thời hạn | Đơn vị thực hiện | Nội dung công việc | Ghi chú |` sorted by
time, an empty time cell meaning the row above's and "(tiếp)" rows continuing the task above) and STATUSES_S, in a
database of its own.

World T (set_t.json, held out) is the twelve-plan world plus tests/data/qa_unseen/plans_t (a provincial People's
Committee's plan whose tasks are only in an appendix "PHÂN CÔNG NHIỆM VỤ THEO CƠ QUAN CHỦ TRÌ", one small table per
lead named in the heading above it ("2. CÔNG AN TỈNH (03 nhiệm vụ)"), rows numbered from 1 again under each; a
commune's "5 rõ" plan of "(1) Rõ việc: …" tasks with "- Rõ người:", "- Rõ thời gian:", "- Rõ trách nhiệm:",
"- Rõ kết quả:" lines; a ward Party committee's inspection and supervision plan whose items name the Party cell
inspected and give the inspecting team under "- Lực lượng:", then numbered steps) and STATUSES_T, in a database of
its own.

World V (set_v.json, development) is the twelve-plan world plus tests/data/qa_unseen/plans_v (a provincial industrial
parks authority's table "Nhiệm vụ | Sản phẩm | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Nguồn kinh
phí" without an STT column, the task number inside the first cell and every cell wrapped over two to four physical
rows, the table broken by a "Trang 2/3" line and its header repeated; a ward People's Committee's "Thông báo kết
luận" of its chairman's monthly meeting, whose lettered items assign work to named officials ("Giao đồng chí Đặng
Văn Tài, Giám đốc …", later "Đồng chí Tài …", "Công an phường (đồng chí Hồ Sỹ Nam, …)") with a carry-over table
"TT | Nội dung | Người chịu trách nhiệm | Hạn mới"; a provincial youth union's plan grouped by target, "Chỉ tiêu N. …
(thời hạn: …)" over "• Ban X: task; time" bullets, a bullet without its own time taking its target's) and
STATUSES_V, in a database of its own.

World U (set_u.json, development) is the twelve-plan world plus tests/data/qa_unseen/plans_u (a provincial military
command's plan whose section III lists the tasks as lettered points "a)"–"e)" under numbered groups with their own
"Thời gian: …" and no unit, the units being assigned only in section IV by cross-reference, "Phòng Tham mưu: chủ trì
thực hiện nội dung tại điểm c khoản 1; điểm a, d khoản 2 … Mục III; phối hợp thực hiện điểm c khoản 3 …", with the
outside bodies in one closing "Đề nghị các cơ quan phối hợp" item; a provincial hospital's plan whose tasks are a
grid table pasted as text, "+----+" borders and multi-line cells, the unit cell holding "Chủ trì: X" and "Phối hợp:
Y; Z" on lines of their own, times such as "Từ 03/2026 đến 05/2026", with a page break and the header row repeated
mid-table; a commune's dispatch (Công văn) to its hamlet heads giving common tasks of all hamlets, then tasks hamlet
by hamlet ("2.1. Thôn Nà Pục:" over "-" items naming the hamlet head, the hamlet's farmers' or women's branch or
youth cell), then the commune bodies' own, with mid-sentence line breaks and a page footer in the text) and
STATUSES_U, in a database of its own.

World X (set_x.json, development) is the twelve-plan world plus tests/data/qa_unseen/plans_x (a commune health
station's plan whose tasks are a checklist, "☐ A1. …" items in lettered groups (wrapped onto an indented second
line), each followed by "-" acceptance criteria (not tasks), a "Người thực hiện: <post and person>, cùng <coordinator>"
line and a "Hạn: …" line or the deadline in brackets on the item ("(hạn 20/02/2026)"), with "Trang 1/3" footers and a
repeated page header mid-list; a commune Party committee's yearly work programme ("Chương trình công tác năm 2026")
laid out as fixed-width text columns, as a PDF converted with its layout kept, "TT  Nội dung công việc  Cơ quan chuẩn
bị  Lãnh đạo phụ trách  Thời gian", under quarter headings "QUÝ I/2026" … and "NỘI DUNG THỰC HIỆN THƯỜNG XUYÊN", every
cell wrapped over two or three physical lines, the leader a person and post ("Đ/c Hoàng Thị Mai, / Phó Bí thư Thường
trực"), the time a month ("Tháng 5-6") or "Trong quý" (the quarter's end); a provincial trade union's plan with a
Word table "Lĩnh vực | TT | Nội dung | Thời gian bắt đầu | Thời gian kết thúc | Đơn vị chủ trì | Ghi chú" whose
first column is a merged group cell (written in the group's first row or spread over its first two rows, empty
below) and whose coordinators are in "Ghi chú" as "Phối hợp: …") and STATUSES_X, in a database of its own.

World W (set_w.json, held out; graded once in session 9) is the twelve-plan world plus tests/data/qa_unseen/plans_w
(a provincial hospital's plan whose tasks are an ASCII grid table exported from Word, cells wrapped over several lines,
a page break with a running header; a ward's six-month plan as sent to its Zalo group, "🔹 NHÓM" groups of "✅" tasks
each followed by "👉 <unit> c/trì; <units> p/hợp ⏰ <time>" with units in short forms only; a commune steering
committee's meeting minutes whose conclusions give the tasks in four time groups of "-" items opening with their body)
and STATUSES_W, in a database of its own."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tests.qa_phone_world import SEEDS, grade_in_process
from tests.qa_phone_world import plan_files as phone_plan_files

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "qa_unseen"
PLANS = DATA / "plans"
PLANS_C = DATA / "plans_c"
PLANS_D = DATA / "plans_d"
PLANS_E = DATA / "plans_e"
PLANS_F = DATA / "plans_f"
SETS = (DATA / "set_a.json", DATA / "set_b.json")
SETS_C = (DATA / "set_c.json",)
SETS_D = (DATA / "set_d.json",)
SETS_E = (DATA / "set_e.json",)
SETS_F = (DATA / "set_f.json",)

# (plan number, words of the task's content, status, percent): the task is the only one of its plan whose
# content holds the words (codes are not used, since table rows have none).
STATUSES = [
    ("186/KH-UBND", "bồi dưỡng kỹ năng số, kỹ năng sử dụng chữ ký số", "done", 100),
    ("186/KH-UBND", "làm sạch dữ liệu dân cư", "in_progress", 70),
    ("186/KH-UBND", "wifi công cộng", "blocked", 10),
    ("12-KH/ĐU", "quán triệt Nghị quyết 57-NQ/TW và Kế hoạch này", "done", 100),
    ("1054/KH-SKHCN", "đề xuất bãi bỏ thủ tục hành chính", "done", 100),
    ("1054/KH-SKHCN", "Nền tảng số dùng chung", "in_progress", 40),
    ("1054/KH-SKHCN", "chữ ký số cá nhân", "blocked", 30),
    ("92/KH-UBND", "100% hồ sơ thủ tục hành chính trên Hệ thống", "done", 100),
    ("92/KH-UBND", "địa chỉ số", "in_progress", 55),
    ("09-KH/BCĐ", "Kết nối hệ thống họp trực tuyến", "done", 100),
    ("09-KH/BCĐ", "Số hóa hồ sơ, kết quả giải quyết TTHC", "in_progress", 35),
]

# World C only, on top of STATUSES: 2 done, 2 in progress, 2 blocked.
STATUSES_C = [
    ("248/KH-UBND", "đối tượng bảo trợ xã hội", "done", 100),
    ("248/KH-UBND", "loa truyền thanh thông minh", "in_progress", 60),
    ("248/KH-UBND", "gạo hữu cơ Đồng Tâm", "blocked", 20),
    ("1763/KH-SGDĐT", "Cập nhật hồ sơ cán bộ, giáo viên", "done", 100),
    ("1763/KH-SGDĐT", "học bạ số cho học sinh lớp 1", "in_progress", 45),
    ("35-KH/ĐU", "quán triệt Nghị quyết số 57-NQ/TW và Kế hoạch này", "done", 100),
    ("35-KH/ĐU", "phần mềm quản lý văn bản, hồ sơ công việc", "blocked", 30),
]

# World D only, on top of STATUSES: 3 done, 2 in progress, 3 blocked.
STATUSES_D = [
    ("145/KH-UBND", "Kiện toàn 12 Tổ công nghệ số cộng đồng", "done", 100),
    ("145/KH-UBND", "40 camera an ninh", "in_progress", 50),
    ("145/KH-UBND", "làng nghề bánh tráng", "blocked", 15),
    ("2317/KH-SYT", "chứng chỉ hành nghề khám bệnh", "done", 100),
    ("2317/KH-SYT", "bệnh án điện tử tại Bệnh viện Đa khoa tỉnh", "in_progress", 40),
    ("2317/KH-SYT", "cảnh báo quá tải tại khoa cấp cứu", "blocked", 20),
    ("07-KH/BCĐ", "Kiện toàn Ban Chỉ đạo chuyển đổi số xã", "done", 100),
    ("07-KH/BCĐ", "Phủ sóng di động 4G", "blocked", 25),
]

# World E only, on top of STATUSES: 3 done, 2 in progress, 3 blocked.
STATUSES_E = [
    ("317/KH-UBND", "Kiện toàn Ban Chỉ đạo phát triển KHCN", "done", 100),
    ("317/KH-UBND", "14 Tổ công nghệ số cộng đồng", "in_progress", 60),
    ("317/KH-UBND", "chợ Tam Khê", "blocked", 10),
    ("21-KH/ĐU", "Sổ tay đảng viên điện tử, bảo đảm", "done", 100),
    ("21-KH/ĐU", "Câu lạc bộ thanh niên khởi nghiệp", "blocked", 20),
    ("1482/KH-SNNMT", "ký số 100% văn bản đi của Sở", "done", 100),
    ("1482/KH-SNNMT", "CSDL đất đai tỉnh", "in_progress", 45),
    ("1482/KH-SNNMT", "cảnh báo sớm lũ quét", "blocked", 15),
]

# World F only, on top of STATUSES: 3 done, 2 in progress, 3 blocked.
STATUSES_F = [
    ("214/KH-UBND", "Làm sạch dữ liệu bảo hiểm xã hội", "done", 100),
    ("214/KH-UBND", "điều hành thông minh (IOC)", "in_progress", 50),
    ("214/KH-UBND", "vùng lõm sóng", "blocked", 20),
    ("156/KH-UBND", "kiện toàn Ban Chỉ đạo chuyển đổi số phường", "done", 100),
    ("156/KH-UBND", "ki-ốt tra cứu", "blocked", 10),
    ("27-KH/ĐTN", "hỗ trợ chuyển đổi số ở 9 thôn", "done", 100),
    ("27-KH/ĐTN", "sổ đoàn viên điện tử", "in_progress", 60),
    ("27-KH/ĐTN", "mật ong bạc hà", "blocked", 15),
]

# The extra plans and statuses of each world beyond the twelve ("" is the world of set_a and set_b).
WORLD_EXTRAS = {
    "": (None, []),
    "c": (PLANS_C, STATUSES_C),
    "d": (PLANS_D, STATUSES_D),
    "e": (PLANS_E, STATUSES_E),
    "f": (PLANS_F, STATUSES_F),
}

# World G (set_g.json): the twelve plans plus plans_g, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_G = DATA / "plans_g"
SETS_G = (DATA / "set_g.json",)
STATUSES_G = [
    ("2046/KH-SVHTTDL", "Tổ công tác chuyển đổi số", "done", 100),
    ("2046/KH-SVHTTDL", "ứng dụng du lịch thông minh", "in_progress", 50),
    ("2046/KH-SVHTTDL", "quản lý vận động viên", "blocked", 10),
    ("268/KH-UBND", "Tổ công nghệ số cộng đồng ở 11 thôn", "done", 100),
    ("268/KH-UBND", "hai xã cũ Tân Hòa", "in_progress", 65),
    ("268/KH-UBND", "thôn Nà Mò", "blocked", 20),
    ("24-CTr/ĐU", "cán bộ chủ chốt và bí thư các chi bộ", "done", 100),
    ("24-CTr/ĐU", "Chợ 4.0", "blocked", 25),
]
WORLD_EXTRAS["g"] = (PLANS_G, STATUSES_G)

# World H (set_h.json): the twelve plans plus plans_h, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_H = DATA / "plans_h"
SETS_H = (DATA / "set_h.json",)
STATUSES_H = [
    ("203/KH-UBND", "phân công thành viên Ban Chỉ đạo phụ trách từng thôn", "done", 100),
    ("203/KH-UBND", "người đi làm ăn xa", "in_progress", 55),
    ("203/KH-UBND", "đầu cầu Lạc Thủy", "blocked", 15),
    ("1596/KH-STP", "Phiếu lý lịch tư pháp qua ứng dụng VNeID", "done", 100),
    ("1596/KH-STP", "Cơ sở dữ liệu công chứng, chứng thực của tỉnh", "in_progress", 40),
    ("1596/KH-STP", "Cổng đấu giá tài sản quốc gia", "blocked", 20),
    ("38/KH-MTTQ-BTT", "bằng mã QR và tài khoản ngân hàng chuyên dùng", "done", 100),
    ("38/KH-MTTQ-BTT", "Khu dân cư không dùng tiền mặt", "blocked", 10),
]
WORLD_EXTRAS["h"] = (PLANS_H, STATUSES_H)

# World I (set_i.json): the twelve plans plus plans_i, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_I = DATA / "plans_i"
SETS_I = (DATA / "set_i.json",)
STATUSES_I = [
    ("172/KH-UBND", "ki-ốt tự phục vụ", "done", 100),
    ("172/KH-UBND", "36 camera giám sát", "in_progress", 45),
    ("172/KH-UBND", "bánh đa vừng", "blocked", 15),
    ("1835/KH-SCT", "hóa chất", "done", 100),
    ("1835/KH-SCT", "tayhaxanh.vn", "in_progress", 60),
    ("1835/KH-SCT", "công tơ điện tử đo xa", "blocked", 20),
    ("31-KH/ĐU", "số hóa hồ sơ lưu trữ", "done", 100),
    ("31-KH/ĐU", "Khuổi Nặm", "blocked", 10),
]
WORLD_EXTRAS["i"] = (PLANS_I, STATUSES_I)

# World J (set_j.json): the twelve plans plus plans_j, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_J = DATA / "plans_j"
SETS_J = (DATA / "set_j.json",)
STATUSES_J = [
    ("412/QĐ-UBND", "13 Tổ công nghệ số cộng đồng", "done", 100),
    ("412/QĐ-UBND", "ba xã cũ Mỹ Hòa", "in_progress", 55),
    ("412/QĐ-UBND", "24 camera an ninh", "blocked", 10),
    ("1279/KH-SNV", "Tổ giúp việc chuyển đổi số", "done", 100),
    ("1279/KH-SNV", "124 xã, phường", "in_progress", 40),
    ("1279/KH-SNV", "huyện đã giải thể", "blocked", 20),
    ("1186/UBND-VP", "eCabinet", "done", 100),
    ("1186/UBND-VP", "lõm sóng di động", "blocked", 15),
]
WORLD_EXTRAS["j"] = (PLANS_J, STATUSES_J)

# World K (set_k.json): the twelve plans plus plans_k, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_K = DATA / "plans_k"
SETS_K = (DATA / "set_k.json",)
STATUSES_K = [
    ("86-KH/HNDT", "cán bộ Hội chủ chốt cấp tỉnh", "done", 100),
    ("86-KH/HNDT", "Số hóa hồ sơ hội viên", "in_progress", 50),
    ("86-KH/HNDT", "vùng chè Phù Vân", "blocked", 15),
    ("112/KH-THCS", "35 máy tính", "done", 100),
    ("112/KH-THCS", "500 đầu sách", "blocked", 20),
    ("231/KH-UBND", "phòng họp không giấy", "done", 100),
    ("231/KH-UBND", "làm sạch dữ liệu người dân", "in_progress", 60),
    ("231/KH-UBND", "ki-ốt lấy số thứ tự", "blocked", 10),
]
WORLD_EXTRAS["k"] = (PLANS_K, STATUSES_K)

# World L (set_l.json): the twelve plans plus plans_l, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_L = DATA / "plans_l"
SETS_L = (DATA / "set_l.json",)
STATUSES_L = [
    ("08-NQ/ĐU", "Nghị quyết này đến 100% cán bộ", "done", 100),
    ("08-NQ/ĐU", "Khe Vàng", "blocked", 15),
    ("2155/KH-UBND", "diễn tập thực chiến", "done", 100),
    ("2155/KH-UBND", "điện toán đám mây", "in_progress", 50),
    ("2155/KH-UBND", "thị trường bất động sản", "blocked", 10),
    ("119/KH-UBND", "21 tổ dân phố", "done", 100),
    ("119/KH-UBND", "32 camera", "in_progress", 40),
    ("119/KH-UBND", "gốm Châu Sơn", "blocked", 20),
]
WORLD_EXTRAS["l"] = (PLANS_L, STATUSES_L)

# World N (set_n.json): the twelve plans plus plans_n, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_N = DATA / "plans_n"
SETS_N = (DATA / "set_n.json",)
STATUSES_N = [
    ("3087/KH-UBND", "danh mục dữ liệu mở", "done", 100),
    ("3087/KH-UBND", "(IOC) giai đoạn 2", "in_progress", 45),
    ("3087/KH-UBND", "tour tham quan thực tế ảo", "blocked", 15),
    ("14-KH/BCĐ", "phần mềm quản lý văn bản của Đảng ủy", "done", 100),
    ("14-KH/BCĐ", "muối sạch", "blocked", 20),
    ("1342/KH-BHXH", "giấy chứng sinh", "done", 100),
    ("1342/KH-BHXH", "Làm sạch dữ liệu người tham gia", "in_progress", 70),
    ("1342/KH-BHXH", "ki-ốt giao dịch tự động", "blocked", 10),
]
WORLD_EXTRAS["n"] = (PLANS_N, STATUSES_N)
# World M (set_m.json): the twelve plans plus plans_m, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_M = DATA / "plans_m"
SETS_M = (DATA / "set_m.json",)
STATUSES_M = [
    ("1508/KH-SYT", "Tổ công tác chuyển đổi số của Sở", "done", 100),
    ("1508/KH-SYT", "bỏ bệnh án giấy", "in_progress", 50),
    ("1508/KH-SYT", "Thay máy chủ", "blocked", 15),
    ("287/KH-UBND", "Họp Ban Chỉ đạo chuyển đổi số xã", "done", 100),
    ("287/KH-UBND", "sổ mục kê", "in_progress", 40),
    ("287/KH-UBND", "16 camera an ninh", "blocked", 10),
    ("53-TB/ĐU", "Quy chế gửi, nhận văn bản điện tử", "done", 100),
    ("53-TB/ĐU", "camera AI", "blocked", 20),
]
WORLD_EXTRAS["m"] = (PLANS_M, STATUSES_M)

# World O (set_o.json): the twelve plans plus plans_o, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_O = DATA / "plans_o"
SETS_O = (DATA / "set_o.json",)
STATUSES_O = [
    ("2731/KH-CAT-PC06", "tàng thư hộ khẩu giấy", "done", 100),
    ("2731/KH-CAT-PC06", "điểm cấp căn cước lưu động", "in_progress", 60),
    ("2731/KH-CAT-PC06", "giấy chứng sinh", "blocked", 15),
    ("304/KH-UBND", "hộp thư công vụ", "done", 100),
    ("304/KH-UBND", "khu tái định cư Bắc Bích Châu", "done", 100),
    ("304/KH-UBND", "sổ địa chính", "in_progress", 40),
    ("304/KH-UBND", "công viên Hồ Ngọc", "blocked", 10),
    ("63/CTr-HPN", "thổ cẩm", "blocked", 20),
]
WORLD_EXTRAS["o"] = (PLANS_O, STATUSES_O)

# World P (set_p.json): the twelve plans plus plans_p, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_P = DATA / "plans_p"
SETS_P = (DATA / "set_p.json",)
STATUSES_P = [
    ("2418/KH-SXD", "Ký số 100% văn bản đi", "done", 100),
    ("2418/KH-SXD", "Cổng Dịch vụ công quốc gia", "in_progress", 60),
    ("2418/KH-SXD", "cảm biến đo mực nước", "blocked", 10),
    ("806/KH-SDL", "xếp hạng khách sạn", "done", 100),
    ("806/KH-SDL", "Ninh Sa Travel", "in_progress", 45),
    ("806/KH-SDL", "phố đi bộ Bến Đình", "blocked", 20),
    ("12-NQ/CB", "Ngày Chủ nhật xanh", "done", 100),
    ("12-NQ/CB", "camera giám sát", "blocked", 5),
]
WORLD_EXTRAS["p"] = (PLANS_P, STATUSES_P)
# World Q (set_q.json): the twelve plans plus plans_q, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_Q = DATA / "plans_q"
SETS_Q = (DATA / "set_q.json",)
STATUSES_Q = [
    ("1927/KH-UBND", "27 thôn vùng cao", "done", 100),
    ("1927/KH-UBND", "Trung tâm dữ liệu tỉnh Vân Khê", "in_progress", 45),
    ("1927/KH-UBND", "du lịch thông minh", "blocked", 15),
    ("2204/SNNMT-CĐS", "bưởi Đá Mài", "done", 100),
    ("2204/SNNMT-CĐS", "hồ chứa Suối Ngà", "blocked", 20),
    ("163/KH-UBND", "doanh nghiệp viễn thông", "done", 100),
    ("163/KH-UBND", "sáng thứ Bảy", "in_progress", 60),
    ("163/KH-UBND", "màn hình LED", "blocked", 30),
]
WORLD_EXTRAS["q"] = (PLANS_Q, STATUSES_Q)
# World R (set_r.json): the twelve plans plus plans_r, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_R = DATA / "plans_r"
SETS_R = (DATA / "set_r.json",)
STATUSES_R = [
    ("2385/KH-STC", "cắt giảm, đơn giản hóa thủ tục hành chính", "done", 100),
    ("2385/KH-STC", "TABMIS", "in_progress", 60),
    ("2385/KH-STC", "Trung tâm dữ liệu tỉnh Quế Lâm", "blocked", 15),
    ("647/QĐ-UBND", "eCabinet", "done", 100),
    ("647/QĐ-UBND", "định danh điện tử mức 2 cho người dân", "in_progress", 70),
    ("647/QĐ-UBND", "36 camera an ninh", "blocked", 10),
    ("19-CTr/ĐU", "hội nghị quán triệt", "done", 100),
    ("19-CTr/ĐU", "Khe Mây", "blocked", 20),
]
WORLD_EXTRAS["r"] = (PLANS_R, STATUSES_R)
# World S (set_s.json): the twelve plans plus plans_s, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_S = DATA / "plans_s"
SETS_S = (DATA / "set_s.json",)
STATUSES_S = [
    ("147/KH-UBND", "căn cước gắn chip", "done", 100),
    ("147/KH-UBND", "12 nhà văn hóa thôn", "in_progress", 50),
    ("147/KH-UBND", "24 camera an ninh", "blocked", 10),
    ("325/KH-TTYT", "mã QR động", "done", 100),
    ("325/KH-TTYT", "đọc phim X-quang", "blocked", 15),
    ("2093/KH-STC", "quy trình nội bộ", "done", 100),
    ("2093/KH-STC", "giá hàng hóa, dịch vụ", "in_progress", 40),
    ("2093/KH-STC", "bản đồ số xúc tiến đầu tư", "blocked", 20),
]
WORLD_EXTRAS["s"] = (PLANS_S, STATUSES_S)

# World T (set_t.json, held out): the twelve plans plus plans_t, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_T = DATA / "plans_t"
SETS_T = (DATA / "set_t.json",)
STATUSES_T = [
    ("2385/KH-UBND", "Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh", "done", 100),
    ("2385/KH-UBND", "Cơ sở dữ liệu đất đai tỉnh Cao Diên", "in_progress", 40),
    ("2385/KH-UBND", "Trung tâm giám sát, điều hành an toàn thông tin", "blocked", 15),
    ("318/KH-UBND", "tồn đọng của ba xã cũ", "done", 100),
    ("318/KH-UBND", "thôn vùng đồi", "in_progress", 55),
    ("318/KH-UBND", "ki-ốt tra cứu", "blocked", 5),
    ("46-KH/ĐU", "quyết định thành lập các đoàn kiểm tra", "done", 100),
    ("46-KH/ĐU", "phần mềm quản lý công tác kiểm tra", "blocked", 10),
]
WORLD_EXTRAS["t"] = (PLANS_T, STATUSES_T)

# World V (set_v.json, development): the twelve plans plus plans_v, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_V = DATA / "plans_v"
SETS_V = (DATA / "set_v.json",)
STATUSES_V = [
    ("58/KH-BQLKCN", "sao lưu dữ liệu tại trụ sở Ban", "done", 100),
    ("58/KH-BQLKCN", "cơ sở dữ liệu doanh nghiệp", "in_progress", 35),
    ("58/KH-BQLKCN", "trạm quan trắc nước thải tự động", "blocked", 10),
    ("19/TB-UBND", "trợ cấp xã hội qua tài khoản", "done", 100),
    ("19/TB-UBND", "sổ hộ tịch của xã Lộc Hải cũ", "in_progress", 45),
    ("19/TB-UBND", "cáp treo trên tuyến đường Hải Thượng", "blocked", 5),
    ("133-KH/TĐTN-PT", "lập danh sách hộ thanh niên", "done", 100),
    ("133-KH/TĐTN-PT", "Không gian sáng tạo STEM", "blocked", 0),
]
WORLD_EXTRAS["v"] = (PLANS_V, STATUSES_V)
# World U (set_u.json, development): the twelve plans plus plans_u, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_U = DATA / "plans_u"
SETS_U = (DATA / "set_u.json",)
STATUSES_U = [
    ("418/KH-BCH", "Kiện toàn Tổ giúp việc chuyển đổi số", "done", 100),
    ("418/KH-BCH", "quân nhân dự bị và phương tiện kỹ thuật dự bị", "in_progress", 45),
    ("418/KH-BCH", "thiết bị mô phỏng", "blocked", 10),
    ("76/KH-BVĐK", "Quy chế lập, ký, lưu trữ", "done", 100),
    ("76/KH-BVĐK", "Thanh toán viện phí", "in_progress", 70),
    ("76/KH-BVĐK", "hệ thống lưu trữ và truyền hình ảnh", "blocked", 5),
    ("63/UBND-VP", "Tổ thanh niên hỗ trợ số", "done", 100),
    ("63/UBND-VP", "04 camera an ninh", "blocked", 5),
]
WORLD_EXTRAS["u"] = (PLANS_U, STATUSES_U)

# World X (set_x.json, development): the twelve plans plus plans_x, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_X = DATA / "plans_x"
SETS_X = (DATA / "set_x.json",)
STATUSES_X = [
    ("27/KH-TYT", "đầu đọc căn cước gắn chip", "done", 100),
    ("27/KH-TYT", "sổ quản lý bệnh không lây nhiễm", "in_progress", 50),
    ("27/KH-TYT", "kéo cáp quang đến phòng khám", "blocked", 10),
    ("52-CTr/ĐU", "Kiện toàn Ban Chỉ đạo phát triển KHCN", "done", 100),
    ("52-CTr/ĐU", "kích hoạt Sổ tay đảng viên", "in_progress", 60),
    ("52-CTr/ĐU", "triển khai camera an ninh", "blocked", 5),
    ("215/KH-LĐLĐ", "Kiện toàn Tổ chuyển đổi số", "done", 100),
    ("215/KH-LĐLĐ", "Kết nối dữ liệu đoàn viên khu công nghiệp", "blocked", 0),
]
WORLD_EXTRAS["x"] = (PLANS_X, STATUSES_X)
# World W (set_w.json, held out): the twelve plans plus plans_w, with 3 done, 2 in progress, 3 blocked of its own.
PLANS_W = DATA / "plans_w"
SETS_W = (DATA / "set_w.json",)
STATUSES_W = [
    ("418/KH-BVĐK", "Thanh toán viện phí không dùng tiền mặt", "done", 100),
    ("418/KH-BVĐK", "Mở rộng bệnh án điện tử nội trú", "in_progress", 45),
    ("418/KH-BVĐK", "Thuê dịch vụ giám sát an toàn thông tin", "blocked", 10),
    ("57/KH-UBND", "Kiện toàn 11 Tổ công nghệ số cộng đồng", "done", 100),
    ("57/KH-UBND", "Kích hoạt VNeID mức 2", "in_progress", 60),
    ("57/KH-UBND", "Lắp 18 camera AI", "blocked", 5),
    ("14/BB-BCĐ", "Quy chế hoạt động của Ban Chỉ đạo năm 2026", "done", 100),
    ("14/BB-BCĐ", "các điểm lõm sóng", "blocked", 20),
]
WORLD_EXTRAS["w"] = (PLANS_W, STATUSES_W)


def plan_files(seeds_dir: Path = SEEDS, world_c: bool = False, world: str = "") -> list[Path]:
    """The seeds and the phone sets' plans, then this world's own (and world C's or D's)."""
    extra_dir = WORLD_EXTRAS["c" if world_c else world][0]
    extra = sorted(extra_dir.glob("*.txt")) if extra_dir else []
    return phone_plan_files(seeds_dir) + sorted(PLANS.glob("*.txt")) + extra


def tasks_of_unnumbered_plan(db, number: str) -> list[tuple]:
    """The (id, content) of the tasks of the plan stored without a number whose file is named after `number`.

    A dispatch letter's "Số: 1186/UBND-VP" need not be kept as a plan number; its file, 1186_UBND-VP_….txt,
    still names it, so its statuses can be set either way."""
    stem = number.replace("/", "_").replace("Đ", "D") + "_"
    rows = db.execute(
        "SELECT t.id, t.content, p.source_file FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.number IS NULL"
    ).fetchall()
    return [(i, content) for i, content, source in rows if Path(source or "").name.startswith(stem)]


def set_statuses(
    db, world_c: bool = False, world: str = "", *, strict: bool = True, common: bool = True, own: bool = True
) -> None:
    """The status updates of STATUSES (when `common`) and this world's own (when `own`), through
    storage.progress like a real update. A status whose task the parser did not read as one task stops the
    build when `strict` (the tests); when grading a set for the first time it is reported and left out, so a
    misread costs its questions only."""
    from storage.progress import record_update

    extra = WORLD_EXTRAS["c" if world_c else world][1]
    for number, words, status, percent in (STATUSES if common else []) + (extra if own else []):
        rows = db.execute(
            "SELECT t.id, t.content FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.number = ?",
            [number],
        ).fetchall()
        if not rows:
            rows = tasks_of_unnumbered_plan(db, number)
        ids = [i for i, content in rows if words.lower() in (content or "").lower()]
        if len(ids) != 1 and not strict:
            print(f"status not set: {number} «{words}» is in {len(ids)} tasks", file=sys.stderr)
            continue
        assert len(ids) == 1, (number, words, len(ids))
        record_update(db, task_id=ids[0], person_id=None, status=status, percent=percent)


def build(
    path: Path,
    seeds_dir: Path = SEEDS,
    world_c: bool = False,
    world: str = "",
    *,
    strict: bool = True,
    base: Path | None = None,
) -> None:
    """Ingest every plan file into `path` and set the statuses. With `base`, a database `build_base` made
    (the twelve plans every world shares, with STATUSES), start from a copy of it and ingest only this
    world's own plans: the tests build seventeen worlds, and the common part is most of each."""
    from bot.ingest import ingest_path
    from storage.db import open_db

    files = plan_files(seeds_dir, world_c, world)
    if base is not None:
        shutil.copyfile(base, path)
        common = {p.name for p in plan_files(seeds_dir, world="")}
        files = [p for p in files if p.name not in common]
    db = open_db(str(path))
    for plan in files:
        ingest_path(db, plan)
    set_statuses(db, world_c, world, strict=strict, common=base is None)
    db.conn.close()


def build_base(path: Path, seeds_dir: Path = SEEDS) -> Path:
    """The twelve plans every world shares, with STATUSES, in one database file to copy (see `build`)."""
    from bot.ingest import ingest_path
    from storage.db import open_db

    db = open_db(str(path))
    for plan in plan_files(seeds_dir, world=""):
        ingest_path(db, plan)
    set_statuses(db, strict=True, own=False)
    # One file to copy: fold the write-ahead log into the database before closing.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


def plan_sources(path: Path) -> set[str]:
    """The source file names of the plans the database at `path` holds (which world it was built as)."""
    from storage.db import open_db

    db = open_db(str(path))
    try:
        return {Path(r[0] or "").name for r in db.execute("SELECT source_file FROM plans").fetchall()}
    finally:
        db.conn.close()


if __name__ == "__main__":
    target = Path(sys.argv[1])
    qfiles = [Path(a) for a in sys.argv[2:]] or list(SETS)
    set_world = {
        s.name: w
        for w, sets in (
            ("c", SETS_C),
            ("d", SETS_D),
            ("e", SETS_E),
            ("f", SETS_F),
            ("g", SETS_G),
            ("h", SETS_H),
            ("i", SETS_I),
            ("j", SETS_J),
            ("k", SETS_K),
            ("l", SETS_L),
            ("n", SETS_N),
            ("m", SETS_M),
            ("o", SETS_O),
            ("p", SETS_P),
            ("q", SETS_Q),
            ("r", SETS_R),
            ("s", SETS_S),
            ("t", SETS_T),
            ("v", SETS_V),
            ("u", SETS_U),
            ("x", SETS_X),
            ("w", SETS_W),
        )
        for s in sets
    }
    worlds = {set_world.get(q.name, "") for q in qfiles}
    if len(worlds) > 1:
        sys.exit(
            "set_c, set_d, set_e and set_f each have their own world (15 plans), set_a/set_b the 12-plan one: use one DB each"
        )
    world = worlds.pop()
    if not target.exists():
        build(target, world=world, strict=False)
    elif plan_sources(target) != {p.name for p in plan_files(world=world)}:
        sys.exit(f"{target} was built for the other world; use another database")
    for qfile in qfiles:
        passed, total, ok, all_, fails = grade_in_process(target, qfile)
        print("\n".join(fails))
        print(f"{qfile.name}: {passed}/{total} ({passed / total:.0%})")
        print("  " + ", ".join(f"{p} {ok[p]}/{n}" for p, n in sorted(all_.items())))
