"""Abbreviations and phone spellings, spelled out once for the whole question pipeline."""

from __future__ import annotations

import pytest

from knowledge.vocabulary import expand


def test_abbreviations_and_ocr_confusions():
    assert expand("nv ve cds") == "nhiem vu ve chuyen doi so"
    assert expand("cbs") == expand("cps") == "chuyen doi so"
    assert expand("khcn dmst") == "khoa hoc cong nghe doi moi sang tao"
    assert expand("pkt co nv j") == "phong kinh te co nhiem vu gi"
    assert expand("ttpvhcc") == "trung tam phuc vu hanh chinh cong"
    assert expand("csdl tthc attt") == "co so du lieu thu tuc hanh chinh an toan thong tin"


def test_phone_spellings_and_particles():
    assert expand("han la bao h ad") == "han la bao gio"
    assert expand("co viec nao k a") == "co viec nao khong"
    assert expand("bn viec dc giao") == "bao nhieu viec duoc giao"


def test_p_dot_is_phong_before_a_field_else_phuong():
    assert expand("p.kinh te") == "phong kinh te"
    assert expand("p. vhxh") == "phong van hoa xa hoi"
    assert expand("p.long binh") == "phuong long binh"
    assert expand("p ngoc son thang 11") == "phuong ngoc son thang 11"
    assert expand("p kt co viec gi") == "phong kinh te co viec gi"
    assert expand("ca p") == "ca p"


def test_plan_numbers_are_kept():
    assert expand("kh 25-kh/du") == "ke hoach 25-kh/du"
    assert expand("du lieu") == "du lieu"


def test_words_of_the_trade_for_bodies_and_fields():
    assert expand("mttq phoi hop gi") == "mat tran to quoc phoi hop gi"
    assert expand("tt cds dang lam gi") == "trung tam chuyen doi so dang lam gi"
    assert expand("p.bcvt") == "phong buu chinh vien thong"
    assert expand("p.ngoc son") == "phuong ngoc son"


def test_abbreviations_written_in_plans_are_spelled_out_for_matching():
    from knowledge.vocabulary import abbreviations_of, phrases, spell_out

    assert spell_out("xay dung csdl dat dai") == "xay dung csdl co so du lieu dat dai"
    assert spell_out("kh ubnd") == "kh ubnd"  # everyday abbreviations are left alone
    assert abbreviations_of("co so du lieu") == ["csdl"]
    assert "co so du lieu" in phrases("cac viec ve co so du lieu")  # typed in words, found too


def test_kh_bcd_is_a_plan_numbers_end_only_after_a_number():
    assert expand("ke hoach 09 kh bcd") == "ke hoach 09 kh/bcd"
    assert expand("kh bcd xa yen binh") == "ke hoach ban chi dao xa yen binh"


@pytest.mark.parametrize(
    ("typed", "expanded"),
    [
        ("p kt ht dt huong lam", "phong kthtdt huong lam"),
        ("p tnmt", "phong tai nguyen va moi truong"),
        ("p ngoc son", "phuong ngoc son"),
    ],
)
def test_p_before_a_rooms_initials_is_phong_before_a_place_phuong(typed, expanded):
    assert expand(typed) == expanded


@pytest.mark.parametrize(
    ("typed", "expanded"),
    [
        ("hd ho kd nop thue qua etax", "huong dan ho kinh doanh nop thue qua etax"),
        ("cap phep hd dien luc", "cap phep hoat dong dien luc"),
        ("hd nguoi dan cai vneid", "huong dan nguoi dan cai vneid"),
        ("quy hoach sd dat", "quy hoach su dung dat"),
        ("5 bv khu vuc", "5 benh vien khu vuc"),
        ("hdnd xa", "hdnd xa"),
        ("chi tieu tk dinh danh muc 2", "chi tieu tai khoan dinh danh muc 2"),
        ("tra tro cap qua tk ngan hang", "tra tro cap qua tai khoan ngan hang"),
        ("tk so lieu quy 3", "tk so lieu quy 3"),  # thống kê số liệu: no account
        ("kh so nv co nv nao qua han", "ke hoach so noi vu co nhiem vu nao qua han"),
        (
            "phong cai cach hanh chinh so nv chu tri may viec",
            "phong cai cach hanh chinh so noi vu chu tri may viec",
        ),
        ("so nv cua phong kinh te la bao nhieu", "so nhiem vu cua phong kinh te la bao nhieu"),
        ("tong so nv", "tong so nhiem vu"),
        ("kiem dinh can o cho, cay xang", "kiem dinh phuong tien do o cho, cua hang xang dau"),
        ("kiem dinh can do", "kiem dinh phuong tien do"),
        ("can bo can lam gi", "can bo can lam gi"),
        ("cap the cccd cho hs", "cap the can cuoc cho hoc sinh"),
        ("nop hs online", "nop ho so truc tuyen"),  # a file, not a pupil
        ("ai ph vu kiem tra", "ai phoi hop vu kiem tra"),
        ("hoi pn co nhung nd nao", "hoi lien hiep phu nu co nhung noi dung nao"),
        ("hoi nd tinh", "hoi nong dan tinh"),
        ("ct cong tac 2026", "chuong trinh cong tac 2026"),
        ("ca cac xa phuong chu tri gi", "cong an cac xa phuong chu tri gi"),
        ("ca tinh", "cong an tinh"),
        ("ca phe so", "ca phe so"),  # coffee, not the police
    ],
)
def test_phone_shorthands_read_by_their_neighbours(typed, expanded):
    assert expand(typed) == expanded


@pytest.mark.parametrize(
    ("typed", "expanded"),
    [
        ("hoi nd tinh", "hoi nong dan tinh"),
        ("ban kt-xh", "ban kinh te xa hoi"),
        ("p vh-xh", "phong van hoa xa hoi"),
    ],
)
def test_a_unions_and_a_boards_short_names(typed, expanded):
    assert expand(typed) == expanded


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("dc hoa chi hoi truong phu nu phu trach gi", "dong chi hoa chi hoi truong phu nu phu trach gi"),
        ("d/c loi bi thu chi bo", "dong chi loi bi thu chi bo"),
        ("dc giao nhung viec gi", "duoc giao nhung viec gi"),  # "được giao" stays
        ("tat ca cac kh", "tat ca cac ke hoach"),  # "tất cả các": no police ("ca các xã")
        ("ca cac xa chu tri gi", "cong an cac xa chu tri gi"),
        ("p ben lieu co hd gi cho hoc sinh", "phuong ben lieu co viec gi cho hoc sinh"),
        ("kho bac nn khu vuc 14", "kho bac nha nuoc khu vuc 14"),
        ("nop ho so ho chieu online", "ho so ho chieu truc tuyen"),
        ("chung ket may h", "chung ket may gio"),
        ("hoi cho cua chi em", "hoi cho cua phu nu"),
        ("so hoa ho so nvqs", "so hoa ho so nghia vu quan su"),
        ("tu vb nay", "tu van ban nay"),
    ],
)
def test_phone_words_read_in_context(typed, read):
    assert expand(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("kh 46 du loc xuyen ban hanh hom nao", "ke hoach 46 dang uy loc xuyen ban hanh ngay nao"),
        ("hoc ba so han bn", "hoc ba so han khi nao"),
        ("kh 415 co bn viec", "ke hoach 415 co bao nhieu viec"),  # a count elsewhere
    ],
)
def test_a_committees_code_after_a_number_and_days_asked(typed, read):
    assert expand(typed) == read
