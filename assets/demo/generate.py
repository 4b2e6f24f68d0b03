#!/usr/bin/env python3
"""Regenerate the bundled demo of douyin-threads: three videos' top-level comments and the reply threads under them.

    python3 assets/demo/generate.py          # rewrite every video-<aweme_id>.json and <comment_id>.json, then check
    python3 assets/demo/generate.py --check  # only check the files that are there

Every text, nickname and signature below was written for the demo; no real person or comment is quoted.
Ids, sec_uids, avatars, like counts and times come from seeded random generators, so the output is the same
on every run (Python 3.8+). The three long threads (A, B, C) draw from the first stream (SEED) and are written
first; everything added with the videos draws from a second one (VIDEO_SEED), so those three files stay
byte-identical (snapshot tests read them). Reply objects follow
/work/shared/api/samples/get-video-sub-comment-v1.json, comment objects and their page envelope
/work/shared/api/samples/get-video-comment-v1.json; the users keep about 30 of the ~190 real fields.

The planted quirks (overlapping pages, an empty page that says has_more: 1, numeric cids, a null user,
hostile control sequences, ...) are listed in README.md next to this file. Change them there too.
"""
import copy
import datetime as dt
import glob
import json
import os
import random
import sys
import unicodedata

OUT = os.path.dirname(os.path.abspath(__file__))
SEED = 20260309
rng = random.Random(SEED)
BJ = dt.timezone(dt.timedelta(hours=8))  # Douyin shows Beijing time
URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
PAGE_SIZE = 10


def bj(y, mo, d, h, mi, s=0):
    """Unix seconds of a Beijing wall-clock time."""
    return int(dt.datetime(y, mo, d, h, mi, s, tzinfo=BJ).timestamp())


def snowflake(ts):
    """Douyin ids carry their creation second in the high bits (7251536675678782265 >> 32 == 1688379963)."""
    return str((ts << 32) | rng.getrandbits(32))


def hexid(n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


# ---------------------------------------------------------------------------------------------------------
# Users. key -> spec. ids: "u" = unique_id set, "s" = only short_id, "0" = short_id "0" and unique_id "".
# counts = (follower_count, following_count, total_favorited, aweme_count); None = all 0, as inside replies.
# ---------------------------------------------------------------------------------------------------------
def U(nick, ip, sig="", ids="0", unique="", counts=None, verify="", ent="", avatar=True, region="CN",
      lang="zh-Hans", verified=True, commerce=False):
    return dict(nick=nick, ip=ip, sig=sig, ids=ids, unique=unique, counts=counts, verify=verify, ent=ent,
                avatar=avatar, region=region, lang=lang, verified=verified, commerce=commerce)


USERS = {
    # --- thread A: 大理 travel vlog -----------------------------------------------------------------
    "amu": U("阿木在路上🏔️", "云南", "🏔️ 一个人一辆车，慢慢走遍中国\n📍现居大理\n不接低价团广告，合作请私信",
             ids="u", unique="amu_onroad", counts=(1234567, 312, 25800000, 386), verify="旅行博主"),
    "shanye": U("山野有风", "浙江", "", ids="s"),
    "xiaoman": U("小满不吃香菜", "广东", "人间烟火，最抚凡人心🍜", ids="0"),
    "laozhou": U("大理老周（民宿）", "云南", "在大理开民宿的第六年\n苍山脚下小院，可带宠物🐾",
                 ids="u", unique="dali_laozhou", counts=(9800, 96, 56000, 140)),
    "erhai_cat": U("洱海边的猫", "云南", "", ids="0"),
    "coder": U("👩🏻‍💻写代码的阿珍", "上海", "后端工程师 | 数字游民 👩🏻‍💻\nRemote since 2025\n在大理写代码，也写诗",
               ids="u", unique="azhen_dev", counts=(1870, 402, 12600, 36)),
    "beipiao": U("北漂十年想回家", "北京", "", ids="s"),
    "chuanmei": U("川妹子吃不得亏", "四川", "火锅🍲 麻将🀄 熊猫🐼", ids="s"),
    "mom": U("三娃妈妈👨‍👩‍👧‍👦", "江苏", "老大8岁 老二6岁 老三4岁\n带娃旅行也可以很轻松✨", ids="0"),
    "agency": U("大理悠然旅行", "云南", "正规旅行社 · 纯玩不购物\n营业时间 9:00-21:00",
                ids="u", unique="dlyouran", counts=(48000, 20, 310000, 12000),
                ent="大理悠然旅行社有限公司", commerce=True),
    "rainbow": U("🏳️‍🌈彩虹不打烊", "重庆", "做自己就好 🌈", ids="s"),
    "us_guy": U("在加州想念米线", "美国", "LA | 想家的时候就做饭", ids="u", unique="missing_mixian",
                region="US", lang="en"),
    "longname": U("一个在深圳加班到凌晨三点还在刷抖音看别人旅游的普通打工人", "广东", "", ids="0"),
    "biker": U("骑摩托去西藏的老王", "陕西", "G318 已打卡 🏍️\n下一站：新疆独库公路", ids="s",
               counts=(23000, 310, 370000, 265)),
    "mushroom": U("见手青吃出小人了", "云南", "云南野生菌科普 🍄 不要乱吃！！！", ids="u", unique="yn_jun_zi",
                  counts=(41000, 77, 660000, 98), verify="美食自媒体"),
    "teacher": U("退休教师刘阿姨", "河南", "教了三十五年语文\n退休了，出去看看📚", ids="0"),
    "student": U("大三没钱但想去大理", "湖北", "", ids="0"),
    "photog": U("光影收集者📷", "浙江", "📷 Sony A7M4\n用镜头收集云南的光", ids="u", unique="guangying_2019",
                counts=(86000, 540, 1200000, 910), verify="摄影博主"),
    "skeptic": U("理性分析派", "北京", "只讲道理，不站队。", ids="s"),
    "local_bai": U("白族小金花", "云南", "大理白族 | 扎染手艺人\n🌸 阿奶的三道茶，一苦二甜三回味", ids="s",
                   counts=(3200, 180, 41000, 57)),
    "spammer": U("私信领取攻略", None, "", ids="0"),
    "nomad2": U("Leo在路上", "泰国", "Digital nomad 🌏 Chiang Mai / Dali / Lisbon", ids="u",
                unique="leo_nomad", counts=(12000, 800, 230000, 150)),
    "cheap": U("穷游小分队", "广西", "用最少的钱，看最多的风景", ids="s"),
    "dog": U("带狗旅行的橘子🐕", "福建", "橘子｜金毛｜30斤\n带着狗狗去旅行🐾", ids="0"),
    "landlord": U("苍山脚下包租婆", "云南", "长租短租 看房私信", ids="s", counts=(560, 12, 3300, 88)),
    "hiker": U("徒步爱好者Kevin", "上海", "Hiking | Trail running\n苍山 · 梅里 · 虎跳峡", ids="u",
               unique="kevin_hikes", counts=(2300, 300, 18000, 45)),
    "lijiang": U("丽江不丽江", "四川", "", ids="0"),
    "xishuang": U("版纳小象🐘", "云南", "西双版纳欢迎你🌴", ids="s", counts=(6700, 110, 88000, 190)),
    "otaku": U("宅家云旅游", "天津", "", ids="0"),
    "kunming": U("昆明土著", "云南", "春城人，四季如春", ids="s", counts=(420, 230, 1900, 12)),
    "dongbei": U("东北银儿在南方", "黑龙江", "", ids="0"),
    "guizhou": U("贵州也很好玩", "贵州", "来贵州，避暑！", ids="s"),
    "sleepy": U("熬夜冠军", "湖南", "", ids="0", verified=False),
    "insurance": U("小赵", "山东", "", ids="s"),
    "vegan": U("素食主义者Mia", "上海", "Plant-based 🌱 since 2019", ids="u", unique="mia_plantbased"),
    "cn_flag": U("🇨🇳中华好儿郎", "河北", "", ids="0"),
    "wife": U("阿木家的小鹿", "云南", "阿木的老婆 🦌\n负责花钱", ids="u", unique="xiaolu_dali",
              counts=(5600, 1, 30000, 21)),
    "tax": U("会计小林", "广东", "注会在考 | 记账是一种生活方式", ids="s"),
    "shy": U("潜水党冒个泡", None, "", ids="0", avatar=False, verified=False),
    "elder": U("老李头", "辽宁", "", ids="0"),
    "bus": U("公交司机小何", "云南", "", ids="s"),
    "rude": U("路人甲乙丙", "江苏", "", ids="0", verified=False),
    "nomad_dl": U("Dali漫游者", "云南", "", ids="0"),
    # --- thread B: 红烧肉 cooking video --------------------------------------------------------------
    "pangshu": U("胖叔的厨房🧑‍🍳", "山东", "🧑‍🍳 家常菜，不玩花样\n每周二、五晚上更新\n商务合作请私信",
                 ids="u", unique="pangshu_kitchen", counts=(8760000, 45, 250000000, 1024),
                 verify="美食自媒体", commerce=True),
    "wangjie": U("小区楼下的王姐", "辽宁", "", ids="0"),
    "chef": U("做了二十年厨师的老陈", "湖南", "湘菜 · 家常菜\n做饭是手艺，也是良心", ids="u", unique="chef_laochen",
              counts=(15600, 210, 98000, 233), verify="美食自媒体"),
    "porkseller": U("菜市场卖肉的刘哥", "河北", "卖肉十五年 不注水 不冷冻🥩", ids="s",
                    counts=(880, 60, 5100, 210)),
    "shanghai": U("上海阿姨讲究", "上海", "", ids="0"),
    "hk": U("广州靓仔阿杰", "广东", "食咗饭未呀", ids="s"),
    "pig": U("🐷猪猪侠本侠", "江西", "", ids="0"),
    "student2": U("宿舍里偷偷用小锅", "陕西", "", ids="0", verified=False),
    "dieter": U("减脂期不配吃红烧肉", "浙江", "目标-10kg 💪\n今天也没管住嘴", ids="s"),
    "grandpa": U("退休老张爱做饭", "天津", "", ids="0"),
    "beer": U("啤酒鸭爱好者", "江西", "", ids="s"),
    "nanjing": U("南京小笼包", "江苏", "", ids="0"),
    # --- thread C: earbuds review ----------------------------------------------------------------------
    "afeng": U("极客阿峰", "广东", "数码博主 | 不收钱的测评\n📱🎧💻 每周三更新", ids="u", unique="geek_afeng",
               counts=(2150000, 88, 31600000, 742), verify="数码博主"),
    "tony": U("耳机发烧友Tony", "江苏", "HiFi 入坑十年 🎧\n烧钱不烧脑", ids="u", unique="tony_hifi"),
    "engineer": U("声学工程师老胡", "北京", "", ids="s", counts=(7300, 150, 45000, 64)),
    "applefan": U("果粉小陈", "广东", "", ids="0"),
    "student3": U("学生党预算有限", "湖北", "", ids="0"),
    "commuter": U("地铁通勤两小时", "上海", "每天四号线上的沙丁鱼🐟", ids="s"),
}


def build_user(key, spec, signup_ts):
    has_counts = spec["counts"] is not None
    follower, following, favorited, aweme = spec["counts"] or (0, 0, 0, 0)
    if rng.random() < 0.5:
        uid = str(rng.randint(10**10, 10**11 - 1))  # 11 digits, like "74470874573"
    else:
        uid = str(rng.randint(10**15, 4 * 10**15))  # 16 digits, like "2483133812581103"
    short_id = str(rng.randint(10**8, 10**10 - 1)) if spec["ids"] == "s" else "0"
    if spec["ids"] == "u" and rng.random() < 0.5:
        short_id = str(rng.randint(10**8, 10**10 - 1))
    avatar_hex = hexid(32)
    thumb = None
    if spec["avatar"]:
        thumb = {
            "uri": f"100x100/aweme-avatar/tos-cn-avt-0015_{avatar_hex}",
            "url_list": [
                f"https://p26.douyinpic.com/aweme-avatar/tos-cn-avt-0015_{avatar_hex}"
                "~tplv-dy-shrink:188:188.jpeg?from=2956013662",
            ],
            "width": 720,
            "height": 720,
        }
    return {
        "uid": uid,
        "short_id": short_id,
        "nickname": spec["nick"],
        "signature": spec["sig"],
        "avatar_thumb": thumb,
        "is_verified": spec["verified"],
        "follow_status": 0,
        "aweme_count": aweme,
        "following_count": following,
        "follower_count": follower,
        "favoriting_count": rng.randint(20, 3000) if has_counts else 0,
        "total_favorited": favorited,
        "is_block": False,
        "constellation": rng.randint(1, 12),
        "custom_verify": spec["verify"],
        "unique_id": spec["unique"],
        "room_id": 0,
        "with_commerce_entry": spec["commerce"],
        "verification_type": 0 if spec["ent"] else 1,
        "enterprise_verify_reason": spec["ent"],
        "region": spec["region"],
        "secret": 0,
        "unique_id_modify_time": signup_ts,
        "status": 1,
        "avatar_uri": f"aweme-avatar/tos-cn-avt-0015_{avatar_hex}" if thumb else "",
        "cover_url": [],
        "language": spec["lang"],
        "is_star": False,
        "sec_uid": "MS4wLjABAAAA" + "".join(rng.choice(URLSAFE) for _ in range(43)),
    }


# ---------------------------------------------------------------------------------------------------------
# Replies. R(user, text, to=label-of-an-earlier-reply | None, L=own label, **quirks).
# quirks: digg=N, nodigg, hot, folded, ad=True|False|"nolabel"|"labelonly"|"labelonly_missing",
#         noip, nouser, numcid, img=url, sticker, mention=userkey, hashtag=name, extra_null, ooo (earlier
#         create_time than the reply above it), liked (user_digged: 1).
# ---------------------------------------------------------------------------------------------------------
def R(user, text, to=None, L=None, **q):
    return dict(user=user, text=text, to=to, L=L, q=q)


A_VIDEO = "在大理住了一个月，我到底花了多少钱？"
A_TOP = ("一个月3000在大理？我不太信。去年我住古城边上，光房租就2200，吃饭再省也得一千五，"
         "这还没算租电动车和出去玩的钱[暗中观察]")

A_LONG_BAI = (
    "作为土生土长的大理白族姑娘，看到评论区这么热闹，有点感慨，说几句心里话。\n\n"
    "这几年来大理的人越来越多，村里很多老房子被改成了民宿和咖啡馆，房租涨了，菜价也跟着涨了。"
    "年轻人回来开店是好事，我们家隔壁的阿叔就是靠把老院子租出去，供孙子读完了大学。"
    "但也有让人难受的地方：有些游客半夜在村里唱歌喝酒，有人为了拍照踩进别人家的蚕豆田，"
    "还有人把洱海边当成自己家的后花园，喝完的奶茶杯随手一放就走了。\n\n"
    "我自己在古城里开了一间小小的扎染铺子，每天见到很多客人，大部分都很友善，也很尊重我们的手艺。"
    "我不是不欢迎大家来，相反，我特别希望更多人看到大理的好，看到我们的扎染、三道茶、绕三灵。"
    "只是想请大家记住，你们眼里的“诗和远方”，是我们每天起床、做饭、干活、过日子的地方。"
    "进村的时候声音小一点，拍照之前问一句，垃圾顺手带走。白族人很热情的，你尊重我们，"
    "阿奶是会拉你进院子喝三道茶的[比心]"
)

A_LONG_TAX = (
    "职业病犯了，把视频里的账和评论区大家说的情况合起来重新算了一遍，给想去的朋友参考"
    "（按淡季、住村里、一个人算）：\n\n"
    "房租：1500（村里一室一厅，含网费，水电另算）\n"
    "水电：120左右（冬天用电热毯和小太阳会多一点）\n"
    "吃饭：900（自己买菜做饭为主，每周下馆子两三次）\n"
    "交通：电动车月租300，或者坐公交，每月不到100\n"
    "话费、零食、日用品：200\n"
    "出去玩：300到800不等，这一项弹性最大\n\n"
    "合计大概3300到3800。阿木视频里的2980，是因为有几项没算进去：电动车是房东借给他的，"
    "还有两顿是朋友请客。所以我的结论是：3000能做到，但需要一点运气和很强的自律；"
    "如果是第一次去、想住得方便一点，按四千到五千准备比较稳妥。\n\n"
    "另外提醒一句，旺季的房租可能直接翻倍，暑假和国庆去的朋友一定要提前一两个月订房，"
    "到了当地再找，基本只剩下又贵又远的了。记账这件事真的很有用，建议大家出门也试试，"
    "回来一看就知道钱都花在哪儿了。"
)

A_LONG_CODER = (
    "聊聊数字游民这件事，因为私信问我的人实在太多了。我是做后端开发的，去年三月辞掉了上海的工作，"
    "接了一家新加坡公司的remote offer，到现在在大理住了快一年。\n\n"
    "先说好的：生活成本确实低，我在村里的房租1600，比上海的4800少了三分之二；空气好，"
    "每天下班可以骑车去洱海边看日落；村里的咖啡馆和共享办公空间越来越多，认识了很多做设计、"
    "写作、跨境电商的朋友，周末大家会一起组织hiking和读书会。下雨天整个村子安安静静的，写代码的效率特别高。\n\n"
    "再说不好的：第一是时区，和美国同事开会经常在凌晨；第二是孤独，朋友来来去去，很难有稳定的社交圈；"
    "第三是职业发展，远程工作很难被看见，升职加薪基本别想。还有网络，偶尔停电停网，"
    "一定要有备用方案（4G热点 + UPS）。\n\n"
    "所以我的建议是：先别急着辞职，用年假来住两周试试，确认自己能接受这种节奏再说。"
    "Remote不是逃避，只是换一种方式上班，该有的压力一样不少👩🏻‍💻"
)

A_LONG_US = (
    "在美国第七年了，看评论区大家一笔一笔算三千块的账，突然特别想家。\n\n"
    "这边房租一个月两千四美金，折合一万七人民币，只是一个很小的一室。每天开车四十分钟上班，"
    "周末去华人超市买一把空心菜要五刀。去年冬天回国，特意绕到大理住了十天，每天早上在菜市场"
    "吃一碗八块钱的米线，加一个煎蛋，老板娘还会问我要不要加辣。那一刻我突然明白，"
    "我在这边拼命挣钱，想买的其实就是那样一个早上。\n\n"
    "不是说国外不好，这边也有很多让我留下来的理由，工作、朋友、已经习惯了的生活。"
    "只是人到了一定年纪，会越来越想念那些便宜又好吃的东西，想念说同一种方言的人，"
    "想念过年时候楼下放的鞭炮。我妈每次视频都问我什么时候回去，我总说快了快了，其实我自己也不知道是哪一年。"
    "谢谢阿木的视频，让我在加州的凌晨看到了洱海。"
    "等明年手续办完，我一定回去住一个月，到时候再来这条评论区报到🇨🇳"
)

A_LONG_AMU = (
    "统一回复一下评论区问得最多的几个问题，省得大家往上翻：\n\n"
    "1. 3000的前提：淡季（11月到次年2月）、住村里、自己做饭、一个人。缺一个都可能超支。\n"
    "2. 住哪里：喜洲、才村、银桥这一带村子比较多，离古城二十到四十分钟。想方便就住古城周边，预算多加一千。\n"
    "3. 交通：电动车月租三百左右，环海路下午风大，注意安全；去喜洲有公交，感谢司机师傅的补充。\n"
    "4. 带娃和老人：大理海拔两千米左右，一般没问题，注意防晒和早晚温差。\n"
    "5. 菌子：去正规的菌子火锅店吃，一定要煮熟，不要自己去山上采。\n"
    "6. 避坑：低价团、玉石店、路边拉客的包车，一律不要理。\n\n"
    "最后想说，大理不是乌托邦，它有它的问题，房租在涨，人越来越多，本地人的生活也被打扰了。"
    "我拍这个视频不是劝大家都辞职来大理，只是想告诉大家：生活可以有另一种算法。"
    "谢谢大家这几天的讨论，吵架的、补充的、分享的，我每一条都认真看了[比心]"
)

HOSTILE = ("\u001b[2J\u001b]0;pwned\u0007看这里👉 \u202e包车低价\u202c 大理丽江六日游只要599，"
           "点头像私\u200b信领攻略\u009b31m")

THREAD_A = [
    R("amu", "真的，每一笔我都记在表格里了。房租1500是因为住在喜洲往北的村子里，离古城骑电动车要四十分钟。"
             "住古城边上3000肯定不够[捂脸]", L="amu1", digg=8873, hot=True),
    R("shanye", "喜洲往北那不就是村里了吗，那标题应该叫“在大理农村住一个月”[暗中观察]", to="amu1", L="shan1",
      digg=3120, hot=True),
    R("xiaoman", "哈哈哈哈哈哈[捂脸]"),
    R("amu", "村里也是大理呀😂 而且那边离洱海更近，早上骑车出门就是稻田。标题党我认，但数字是真的", to="shan1",
      L="amu2"),
    R("beipiao", "北京一个月房租都不够，看得我想辞职了[流泪]", L="bp1"),
    R("shanye", "行吧，数字我信了。但大家别只看3000这个数就冲，你得能接受每天骑四十分钟车才到古城，"
                "还有冬天屋里没暖气", to="amu2", L="shan2"),
    R("laozhou", "在大理开民宿第六年，说点实在的：淡季（11月到次年2月）村里月租一千到一千五确实谈得下来；"
                 "暑假和国庆基本不接月租，短租一晚都要三四百。", L="lz1", digg=1520, hot=True, ad=True),
    R("erhai_cat", "老板说的是实话，我们那条巷子暑假都不接月租的", to="lz1"),
    R("amu", "对，暖气这个我视频第6分钟提了一句，可能说得太快了。下期单独做一期租房攻略[比心]", to="shan2",
      L="amu3"),
    R("student", "大三学生，暑假想去，预算2000有可能吗[泣不成声]", L="stu1"),
    R("cheap", "暑假2000住一个月有点难。青旅床位旺季一晚五六十，一个月就一千七了，吃饭只剩三百。"
               "建议去十天左右，住床位，吃米线饵丝，够了", to="stu1", L="cheap1", ad=True),
    R("student", "谢谢！那我改成十天👍🏽", to="cheap1"),
    R("coder", "说一下远程办公的视角：村里网络其实还行，我租的房子是200M光纤，开视频会议没问题。"
               "就是下午停过两次电[捂脸]", L="coder1"),
    R("nomad2", "停电太真实了，我在沙溪也遇到过，后来买了个能给路由器供电的移动电源", to="coder1", L="leo1"),
    R("coder", "对！我后来买了个小UPS，四百多，救了我好几次站会", to="leo1"),
    R("mushroom", "最重要的一条：菌子季千万别自己乱吃。我去年吃了没炒熟的见手青，看到一群小人在天花板上跳广场舞🕺",
      L="mush1", digg=2340517, hot=True, ad=True, liked=True),
    R("xiaoman", "“在天花板上跳广场舞” 哈哈哈哈哈哈救命", to="mush1", digg=4521),
    R("chuanmei", "你们云南人吃菌子是真的勇[捂脸]", to="mush1", L="cm1"),
    R("kunming", "我们云南人也不是个个都敢吃见手青好吧，我家就从来不买[流泪]", to="cm1", L="km1"),
    R("mushroom", "老乡你不懂，那个香味是真的顶，小人都是附赠的（不是）", to="km1"),
    R("mom", "想暑假带三个娃去，最小的4岁，大理海拔两千多米会不会高反啊？👨‍👩‍👧‍👦", L="mom1"),
    R("amu", "大理古城大概2000米，一般小朋友没什么感觉。主要是紫外线，防晒帽和防晒霜一定要带。"
             "香格里拉3300米以上就要注意了", to="mom1", L="amu4"),
    R("mom", "谢谢阿木！那香格里拉先不去了[比心]", to="amu4"),
    R("teacher", "退休了正想找个地方过冬，大理冬天冷不冷？", L="tea1"),
    R("laozhou", "白天太阳一晒有二十度，早晚只有两三度，屋里没暖气。很多老人冬天来都租带电热毯和小太阳的房子，"
                 "您来之前问清楚", to="tea1", L="lz2"),
    R("teacher", "好的，谢谢老板，有需要找你[微笑]", to="lz2"),
    R("us_guy", "在洛杉矶看到这条视频，馋哭了。这边一碗像样的米线要$18，加上小费二十多刀，"
                "还没有大理菜市场里八块钱那碗好吃[流泪]", L="us1", ooo=True),
    R("beipiao", "十八刀……突然觉得北京的米线也挺便宜", to="us1", L="bp2"),
    R("us_guy", "Exactly 😂 每次回国第一件事就是找米线", to="bp2"),
    R("skeptic", "理性讨论一下：3000这个数能成立有三个前提，淡季、村里、自己做饭，任何一个不满足都不成立。"
                 "标题应该把前提写出来，不然对新人有误导", L="sk1", digg=1890, hot=True),
    R("amu", "接受批评，标题是有点标题党了。不过视频开头第一句就说了这三个前提，真的有人没看完就来评论的[捂脸]",
      to="sk1", L="amu5"),
    R("skeptic", "那是我的问题，我是先看评论再看视频的[捂脸]", to="amu5", ad=True),
    R("xiaoman", "先看评论再看视频 +1", to="amu5"),
    R("longname", "看完默默关掉了自己的Excel，我在深圳一个月光房租就4200", L="ln1"),
    R("dongbei", "兄弟你这昵称我读了三遍才读完", to="ln1", L="db1"),
    R("longname", "昵称就是我的人生[流泪]", to="db1"),
    R("photog", "给大家看看我上个月在才村拍的洱海日落，手机直出没修", L="ph1",
      img="https://p3.douyinpic.com/demo.jpeg", digg=3456, hot=True),
    R("erhai_cat", "这是才村码头吧，那个位置傍晚人特别多", to="ph1", L="cat2"),
    R("photog", "对，六点半之前去占位置，不然只能拍人头[呲牙]", to="cat2"),
    R("local_bai", A_LONG_BAI, L="bai1", digg=6720, hot=True, ad=True),
    R("amu", "谢谢小金花写这么多，说得很对。我住的村子里，房东阿奶每天早上都给我送一碗豆浆，真的很感动[送心]",
      to="bai1"),
    R("kunming", "说得好，来旅游可以，别把大理当成自己家后花园", to="bai1"),
    R("spammer", HOSTILE, L="spam", digg=0, folded=True, ad=False, noip=True),
    R("agency", "提醒大家：599六日游这种都是购物团，进了玉石店不买不让走。正规包车一天大概600到800，看车型",
      to="spam", L="ag1", ad=True),
    R("cheap", "官方下场了哈哈，不过说得没错，我朋友去年就被这种团坑了", to="ag1", L="cheap2"),
    R("agency", "有需要可以看我们主页，不强制购物，合同写清楚[微笑]", to="cheap2", L="ag2"),
    R("skeptic", "好家伙，打假打着打着开始打广告了[暗中观察]", to="ag2", L="sk2", digg=2210, hot=True),
    R("agency", "被您发现了[捂脸]", to="sk2"),
    R("tax", A_LONG_TAX, L="acct1", digg=5310, hot=True, ad=True),
    R("amu", "会计老师太专业了，比我的表格还细[赞]", to="acct1"),
    R("shanye", "这个算法我服，3300到3800比3000可信多了", to="acct1", L="shan3"),
    R("tax", "哈哈，每个月多出来的那几百都是“出去玩”，这一项最难控制", to="shan3"),
    R("rainbow", "🏳️‍🌈大理对我们真的挺友好的，在人民路的小酒馆认识了好多朋友，一点不会被当成异类。希望一直这样",
      L="rb1"),
    R("xiaoman", "抱抱，大理的包容度确实高[比心]", to="rb1"),
    R("biker", "去年骑摩托从西安出发，走G318转214到的大理，在大理歇了半个月修车。那段时间一个月开销也就两千出头，"
               "主要是吃住都在车友家[呲牙]", L="bk1"),
    R("dongbei", "大哥这是穷游天花板了", to="bk1", L="db2"),
    R("biker", "哪有，路上摔了两次，修车花了三千，全补回去了[流泪]", to="db2"),
    R("student", "好酷！请问一个人骑摩托安全吗", to="bk1", L="stu2"),
    R("biker", "小姑娘别学我，第一次出远门还是高铁加包车靠谱", to="stu2"),
    R("dog", "带狗的话大理好租房吗？我家橘子是30斤的金毛🐕", L="dog1"),
    R("laozhou", "我们家可以带狗，但很多民宿不行。村里的独院好找一些，押金会多收一点", to="dog1", L="lz3"),
    R("dog", "老板发个定位！真的找了好久[泣不成声]", to="lz3", L="dog2"),
    R("laozhou", "评论区不方便发，搜“苍山脚下小院”就是我们家", to="dog2"),
    R("mushroom", "补充一下，菌子一定要去菌子火锅店吃，店里要煮够十五分钟才让你动筷子，服务员会拿个沙漏看着你",
      L="mush2", digg=12345, hot=True, ad=True),
    R("chuanmei", "沙漏哈哈哈，吃个饭像做实验", to="mush2"),
    R("xishuang", "大理冬天冷的话，可以来版纳呀，一月份二十多度，泼水节在四月中旬，欢迎欢迎🐘", L="xs1"),
    R("teacher", "版纳冬天房租贵不贵？", to="xs1", L="tea2"),
    R("xishuang", "告庄那边贵，城区和勐海便宜，一个月八九百的都有", to="tea2"),
    R("lijiang", "说实话我更喜欢丽江，大理现在太网红了，到处都是拍照的", L="lj1"),
    R("local_bai", "丽江古城商业化更严重好吧[捂脸]", to="lj1", L="bai2"),
    R("lijiang", "那……我喜欢的是束河，束河总行了吧", to="bai2", L="lj2"),
    R("local_bai", "束河可以[赞]", to="lj2"),
    R("otaku", "已经在脑子里去过大理了，谢谢阿木带我云旅游", extra_null=True),
    R("sleepy", "凌晨两点看完，现在在查机票[暗中观察]", L="sl1", nodigg=True),
    R("otaku", "同道中人，但我只查不买[捂脸]", to="sl1"),
    R("coder", A_LONG_CODER, L="coder3", digg=4102, hot=True, ad=True),
    R("nomad2", "Same here. 清迈的性价比更高，但签证是个问题。大理唯一的问题就是时区，和美国同事开会要熬夜",
      to="coder3", L="leo2"),
    R("coder", "对，跟Bay Area的会都在凌晨两点，我现在已经是半个美国人了[捂脸]", to="leo2"),
    R("hiker", "苍山徒步推荐一条：坐洗马潭索道上去，走到小岑峰，一天来回。11月以后山顶可能结冰，冰爪要带。"
               "出发前看一下官方的天气和封山通知 https://www.dali.gov.cn/", L="hk1"),
    R("sleepy", "索道多少钱？", to="hk1", L="sl2", extra_null=True),
    R("hiker", "洗马潭大索道往返两百多，学生有优惠。体力好的话从感通寺徒步上去，free", to="sl2"),
    R("mom", "补充一个带娃的经验：古城里的石板路推车很难推，婴儿车建议换成背带", L="mom2"),
    R("amu", "这个太实用了，我都没想到[赞]", to="mom2"),
    R("elder", "年轻人真会玩，我们那个年代出门就是上班下班", L="eld1"),
    R("wife", "叔叔现在出来玩也不晚呀，大理好多退休的叔叔阿姨在这边跳舞打牌[呲牙]", to="eld1", L="wife1"),
    R("elder", "闺女说得是，明年带老伴去看看", to="wife1"),
    R("shanye", "等等，你是阿木的老婆？视频里那个说“这个月超支了”的人是你吧哈哈", to="wife1", L="shan4"),
    R("wife", "是我[捂脸] 超支的那四百是我买鲜花饼买的", to="shan4", L="wife2", digg=2890, hot=True),
    R("amu", "你还好意思说[流泪]", to="wife2", L="amu6", digg=3301, hot=True),
    R("xiaoman", "这对夫妻太好笑了哈哈哈", to="amu6"),
    R("cn_flag", "🇨🇳祖国的大好河山，每个地方都值得去看看", L="cn1", ad="labelonly"),
    R("guizhou", "说得对，顺便说一句，贵州也很好玩，房租比大理还便宜[暗中观察]", to="cn1", L="gz1"),
    R("kunming", "贵州老乡来抢人了哈哈", to="gz1", L="km2"),
    R("guizhou", "抢不过抢不过，就是来打个广告", to="km2"),
    R("vegan", "吃素的人在大理会不会很难？看视频里好多都是肉", L="veg1"),
    R("local_bai", "不会呀，大理菜市场的野菜特别多，还有乳扇、饵块、豌豆粉，寺庙附近也有素斋", to="veg1", L="bai3"),
    R("vegan", "乳扇是奶做的吧，我是严格素[流泪] 不过豌豆粉可以！", to="bai3"),
    R("dog", "我家橘子在洱海边第一次见到这么大的水，疯跑了一下午🐕", L="dog3"),
    R("erhai_cat", "狗狗好可爱！是在双廊吗", to="dog3", L="cat3"),
    R("dog", "是在海西生态廊道，那边人少，狗子可以撒欢跑", to="cat3"),
    R("amu", "@山野有风 租房攻略已经在剪了，下周发，到时候你来挑刺[呲牙]", L="mention", mention="shanye"),
    R("shanye", "一定来，我已经准备好放大镜了[看]", to="mention"),
    R("bus", "我是在大理开公交的，提醒一下：从古城到喜洲有直达公交，两三块钱，不用每天都租电动车，能省不少",
      L="bus1", ad=True),
    R("student", "这个信息太有用了！公交几点收车呀", to="bus1", L="stu3"),
    R("bus", "夏天差不多晚上七点半最后一班，冬天早一点，晚了就只能打车了", to="stu3"),
    R("cheap", "收藏了，#云南旅游 攻略我就看这一条了", hashtag="云南旅游"),
    R("insurance", "提醒：高原上骑电动车一定注意，大理风大，去年我朋友在环海路摔了，出门记得买个意外险", L="ins1"),
    R("amu", "是的，环海西路下午风特别大，我也差点被吹倒过", to="ins1"),
    R("nomad_dl", "同在大理，认同你说的三个前提。补充一个：村里晚上九点以后就没什么吃的了，要自己备点存货",
      to="sk1", nouser=True),
    R("lijiang", "刚从大理回来，说个缺点：古城里的物价是真的贵，一杯咖啡38，和上海差不多", L="num", numcid=True),
    R("beipiao", "38？？那我还是喝速溶吧", to="num"),
    R("coder", "古城里的咖啡是卖风景的，村里的咖啡馆18到25，味道也不差", to="num"),
    R("us_guy", A_LONG_US, L="us2", digg=9999, hot=True, ad=True),
    R("amu", "看哭了，欢迎回来，米线管够[送心]", to="us2"),
    R("teacher", "孩子，在外面照顾好自己，家里一直都在[比心]", to="us2", L="tea3"),
    R("us_guy", "谢谢阿姨[泣不成声]", to="tea3", L="us3"),
    R("xiaoman", "", to="us3", sticker=True),
    R("rude", "就这？穷人才去大理", L="rude1", folded=True, ad=False, digg=3),
    R("chuanmei", "穷人也有出去看看的权利啊，说话别这么难听", to="rude1"),
    R("photog", "再补充一个：大理雨季是6到9月，下午经常下雨，但雨后的云特别好看，拍照的朋友反而建议雨季来",
      L="rain1", ad="labelonly_missing"),
    R("hiker", "Agree，雨季苍山的云海是真的绝，不过徒步就要小心路滑了", to="rain1"),
    R("amu", A_LONG_AMU, L="amulong", digg=10000, hot=True, liked=True),
    R("shanye", "这条应该置顶[赞]", to="amulong"),
    R("mom", "收藏了，暑假就按这个来", to="amulong"),
    R("nomad2", "BTW 我现在在清迈，一个月约等于4500人民币，住带泳池的公寓。对比一下大理3000的村里小院，各有各的好",
      L="leo3"),
    R("skeptic", "清迈不能直接比，签证、机票、语言成本都要算进去", to="leo3", L="sk3"),
    R("nomad2", "Fair point. 算上签证和机票大概多一千", to="sk3", L="leo4"),
    R("skeptic", "那就差不多了，主要看你喜欢什么样的生活[微笑]", to="leo4"),
    R("shy", "潜水三年第一次评论，去年在大理住了两个月，治好了我的焦虑。真的，每天看看云就觉得什么都不重要了",
      L="shy1", ad="nolabel", digg=780),
    R("amu", "这条看得我好感动，欢迎再回来[比心]", to="shy1"),
    R("longname", "羡慕，我的焦虑只能靠加班治[流泪]", to="shy1", L="ln2"),
    R("shy", "兄弟，有机会真的出去走走，工作是做不完的", to="ln2", ad="nolabel"),
    R("landlord", "苍山脚下有房，一室一厅带小院，月租1800，看苍山看洱海，有意者私信", L="land1", folded=True,
      ad=False),
    R("shanye", "1800还带院子？有图吗", to="land1", L="shan5"),
    R("landlord", "主页有视频，可以先视频看房[微笑]", to="shan5"),
    R("dongbei", "东北人表示，冬天去大理避寒一个月，比在老家交暖气费还省钱[呲牙]", L="db3"),
    R("elder", "老乡！我们小区好几户冬天都去海南了，大理也不错", to="db3", L="eld2"),
    R("dongbei", "海南太贵了叔，大理性价比高", to="eld2"),
    R("kunming", "作为昆明人，推荐大家来大理之前先在昆明住两天，昆明冬天比大理暖和，物价还便宜[暗中观察]", L="km3"),
    R("local_bai", "昆明人来抢游客了[捂脸]", to="km3", L="bai4"),
    R("kunming", "都是云南的嘛，肥水不流外人田", to="bai4"),
    R("student", "刚刚去看了机票，十天预算2500应该够了，冲！", L="stu4", noip=True),
    R("cheap", "冲！住青旅的时候记得锁好柜子", to="stu4"),
    R("wife", "替阿木回答一下私信问得多的：我们住的村子不方便公开，怕打扰房东阿奶，大家理解一下[比心]",
      L="wife3", ooo=True),
    R("erhai_cat", "理解，保护好房东阿奶", to="wife3"),
    R("otaku", "三天了这条评论区还在更新，大家都好能聊", L="ot2"),
    R("sleepy", "因为大家都想去大理但都没钱[捂脸]", to="ot2", L="sl3"),
    R("otaku", "扎心了", to="sl3"),
    R("rainbow", "下个月要去大理，有没有一起拼车去沙溪的，女生优先（我也是女生）", L="rb2"),
    R("dog", "我下个月也去！带狗的可以吗哈哈", to="rb2", L="dog4"),
    R("rainbow", "当然可以！狗狗是VIP[送心]", to="dog4"),
    R("mushroom", "每年都来这个评论区提醒：菌子要煮熟！菌子要煮熟！菌子要煮熟！", L="mush3", digg=1688, hot=True),
    R("chuanmei", "收到，看到小人就打120", to="mush3"),
    R("vegan", "看完视频决定了，今年秋天去大理住一个月，到时候回来交作业", L="veg2"),
    R("amu", "等你的作业[比心]", to="veg2"),
    R("shanye", "最后说一句，我今天又把视频完整看了一遍，阿木确实把前提都说了，我收回“不信”两个字。", L="shanend",
      ad=True),
    R("amu", "谢谢山野，吵架吵出感情了[送心]", to="shanend", L="amuend"),
    R("shanye", "哈哈，下期接着吵", to="amuend"),
]

B_VIDEO = "不焯水、不炒糖色的红烧肉，老人孩子都爱吃"
B_TOP = "不焯水真的不腥吗？我照着做了一次，满屋子都是肉腥味，是我买的肉不对吗[流泪]"

B_LONG_CHEF = (
    "做了二十年厨师，说一下焯水这个事，供大家参考。\n\n"
    "焯水的目的有两个：一是去掉血水和一部分腥味，二是让肉定型，切的时候不散。但焯水也会带走一部分鲜味，"
    "所以很多老师傅做红烧肉是不焯水的，而是把五花肉切块以后冷锅下锅，小火慢慢煸，把肥肉里的油逼出来，"
    "表面煎到微微焦黄。这一步做到位了，腥味基本就没了，而且肉更香。\n\n"
    "王姐说满屋子腥味，我猜有两个原因：第一，肉本身的问题，有的猪肉是没有阉割干净的公猪肉，"
    "那个臊味怎么处理都去不掉，买的时候凑近闻一闻，有异味就别买；第二，煸的时间不够，"
    "火太大，外面焦了里面还是生的，腥味全闷在锅里。\n\n"
    "另外，料酒一定要沿着锅边淋下去，让高温把酒气和腥味一起带走，不要直接倒在肉上。"
    "姜片多放几片，葱结最后再捞掉。炖的时候水要一次加够，中途加冷水，肉会发柴发硬。"
    "按这个方法再试一次，不行你来找我[呲牙]"
)

THREAD_B = [
    R("pangshu", "王姐，大概率是煸的时间不够。五花肉要冷锅下，小火煸到出油、表面微黄，至少十分钟，急不得[比心]",
      L="ps1", digg=10000, hot=True),
    R("wangjie", "我就煸了两三分钟[捂脸] 下次试试十分钟", to="ps1", L="wj1"),
    R("pangshu", "对，两三分钟肯定不够，油都没出来。还有肉要买五花或者前腿，别买颜色发暗的", to="wj1", L="ps2"),
    R("wangjie", "好嘞胖叔，周末再试一次，成功了回来报告", to="ps2", L="wj2"),
    R("chef", B_LONG_CHEF, L="chef1", digg=7342, hot=True, ad=True),
    R("pangshu", "老师傅说得比我全，公猪肉这个点很重要[赞]", to="chef1"),
    R("porkseller", "卖肉十五年，说句良心话：现在正规屠宰场出来的基本没有公猪肉了，有腥味更多是冷冻肉反复化冻。"
                    "买的时候看看肉皮有没有发白发皱", to="chef1", L="liu1"),
    R("chef", "同行认证，刘哥说得对", to="liu1"),
    R("xiaoman", "不炒糖色的话颜色怎么这么红亮？是老抽吗", L="xm1"),
    R("pangshu", "一点点老抽加冰糖，冰糖最后收汁的时候放，颜色自己就上来了", to="xm1"),
    R("chuanmei", "我们四川人做红烧肉要放一勺郫县豆瓣，不接受反驳[呲牙]", L="cm1"),
    R("shanghai", "放豆瓣那是回锅肉的味道了呀，本帮红烧肉是浓油赤酱，甜口的", to="cm1", L="sh1"),
    R("chuanmei", "甜口的红烧肉我真的吃不来[流泪]", to="sh1", L="cm2"),
    R("shanghai", "侬勿懂，甜是为了提鲜的", to="cm2"),
    R("hk", "广东人表示我们一般做南乳焖猪肉，都好好食🐷", L="hk1"),
    R("pig", "🐷：你们礼貌吗", to="hk1", digg=5210, hot=True),
    R("student2", "宿舍小电锅能做吗？没有燃气灶[泣不成声]", L="stu1"),
    R("pangshu", "可以，电锅开最小档煸，然后加水焖一个小时，注意别跳闸[捂脸]", to="stu1", L="ps3"),
    R("student2", "宿管阿姨：你最好是", to="ps3"),
    R("dieter", "减脂期看完这个视频，默默打开了鸡胸肉[流泪]", L="diet1"),
    R("xiaoman", "吃一块不会胖的，吃一锅才会", to="diet1", L="xm2"),
    R("dieter", "问题是我停不下来啊", to="xm2"),
    R("mom", "孩子超爱吃红烧肉，但家里老人血脂高，有没有少油一点的做法？👨‍👩‍👧‍👦", L="mom1"),
    R("pangshu", "煸出来的油倒掉一大半再炖，最后把汤面上的浮油撇掉，能少不少。也可以选瘦一点的五花", to="mom1",
      L="ps4"),
    R("mom", "学到了，谢谢胖叔🙏🏻", to="ps4"),
    R("grandpa", "我老伴做了五十年红烧肉都不焯水，就一个字：熬。现在年轻人看视频学做饭，挺好", L="zhang1", ad=True),
    R("pangshu", "叔叔阿姨才是真正的大厨，我这手艺是跟我奶奶学的[比心]", to="zhang1"),
    R("beer", "用啤酒代替水炖试试，比料酒香，肉也更软", L="beer1", ad="nolabel"),
    R("nanjing", "啤酒炖过，确实香，但放多了会有点苦", to="beer1"),
    R("wangjie", "报告！周末按胖叔和陈师傅说的又做了一次，煸了十二分钟，一点都不腥了，老公吃了三碗饭[赞][赞][赞]",
      img="https://p3.douyinpic.com/demo-hongshaorou.jpeg", digg=1203, hot=True, ad=True),
]

C_VIDEO = "799元国产降噪耳机 vs AirPods Pro 2：盲测结果出乎意料"
C_TOP = "这个盲测不太公平吧，AirPods在安卓上只能走AAC，对面开了LDAC，比的其实是编码不是耳机。"

C_LONG_HU = (
    "做了十年声学测试，认真说两句。\n\n"
    "第一，盲测的方法本身没问题，但要控制变量。AirPods Pro 2在安卓上只能走AAC，码率大约256kbps，"
    "而对面那副国产耳机开了LDAC 990kbps，这对比的其实是“编解码器加调音”，不是单纯的耳机本身。"
    "公平一点应该两边都用iPhone，或者两边都锁在AAC。\n\n"
    "第二，降噪深度不能只看宣传的-48dB。那是实验室里某一个频点的最大值，真实体验要看低频、中频、"
    "高频三段的曲线。人声频段（大概500Hz到2kHz）才是地铁和办公室里最烦人的部分，"
    "这一段AirPods依然做得很好，很多国产耳机在这里会明显掉下来。\n\n"
    "第三，佩戴比参数重要。耳塞尺寸不合适，降噪直接掉一半，音质也会变薄，低频全漏掉了。"
    "建议大家买之前去线下店试戴，至少把三个尺寸的耳塞都试一遍。\n\n"
    "有兴趣可以看看 https://www.rtings.com/headphones 上面的测量数据，"
    "比任何博主的主观评价都可靠，包括我的。当然，主观听感这个东西，每个人的耳朵和口味都不一样，"
    "适合自己的才是最好的，不要被参数绑架[呲牙]"
)

THREAD_C = [
    R("afeng", "说得对，这个问题视频里没讲清楚，是我的锅。下期用iPhone把两边都锁在AAC再测一次[赞]", L="af1",
      digg=12030, hot=True),
    R("tony", "好的阿峰，期待下期。顺便把佩戴也统一一下，耳塞尺寸影响很大", to="af1", ad=True),
    R("engineer", C_LONG_HU, L="hu1", digg=3877, hot=True, ad=True),
    R("afeng", "胡老师这条我截图放到下期视频里了，讲得太清楚了", to="hu1"),
    R("coder", "👩🏻‍💻 写代码的时候主要看降噪和续航，音质其实分不太出来。799这个价位续航多少小时？", L="coder1"),
    R("afeng", "开降噪单次6.5小时，加上充电盒大概28小时，和AirPods差不多", to="coder1"),
    R("applefan", "用惯了AirPods的无缝切换，换安卓耳机每次连接都要手动，这个体验差距不是音质能弥补的", L="fan1",
      extra_null=True),
    R("skeptic", "你说的是生态，不是耳机。如果本来就用安卓，这个优势就不存在了", to="fan1", L="sk1"),
    R("applefan", "也对，我是全家桶用户，确实没法客观[捂脸]", to="sk1"),
    R("student3", "学生党只想知道199的能不能用[泣不成声]", L="stu1"),
    R("commuter", "199的降噪就别期待了，能听个响。天天坐地铁的话建议至少四五百的", to="stu1"),
    R("afeng", "下个月做一期300元以内的横评，学生党等一下[比心]", to="stu1"),
]

THREADS = [
    dict(name="A", video=A_VIDEO, author="amu", top_user="shanye", top=A_TOP, replies=THREAD_A,
         quote="一个月3000在大理？我不太信…",
         video_ts=bj(2026, 2, 27, 18, 0), top_ts=bj(2026, 2, 27, 20, 41, 7),
         gaps=[(40, 150), (100, 1500), (999, 2100)], hidden=9, overlap_page=9,
         fetch=dt.datetime(2026, 3, 9, 22, 0, 0, tzinfo=BJ)),
    dict(name="B", video=B_VIDEO, author="pangshu", top_user="wangjie", top=B_TOP, replies=THREAD_B,
         quote="不焯水真的不腥吗？…",
         video_ts=bj(2026, 3, 3, 11, 30), top_ts=bj(2026, 3, 3, 12, 2, 41),
         gaps=[(10, 240), (999, 4800)], hidden=8, trailing_empty=True,
         fetch=dt.datetime(2026, 3, 9, 22, 3, 10, tzinfo=BJ)),
    dict(name="C", video=C_VIDEO, author="afeng", top_user="tony", top=C_TOP, replies=THREAD_C,
         quote="这个盲测不太公平吧…",
         video_ts=bj(2026, 3, 5, 19, 0), top_ts=bj(2026, 3, 5, 19, 26, 55),
         gaps=[(5, 600), (999, 5400)], hidden=0,
         fetch=dt.datetime(2026, 3, 9, 22, 5, 30, tzinfo=BJ)),
]

LABEL_AUTHOR_LIKED = [{"type": 20, "text": "作者赞过"}]


def default_digg(answers_a_reply):
    r = rng.random()
    if answers_a_reply:  # a reply to a reply rarely collects many likes
        return rng.randint(0, 9) if r < 0.55 else rng.randint(10, 99) if r < 0.88 else rng.randint(100, 600)
    if r < 0.45:
        return rng.randint(0, 9)
    if r < 0.75:
        return rng.randint(10, 99)
    if r < 0.94:
        return rng.randint(100, 999)
    return rng.randint(1000, 4999)


def build_thread(t, users, ips):
    comment_id = snowflake(t["top_ts"])
    # Threads added with the videos sit under a video whose id is already drawn.
    aweme_id = t["aweme_id"] if "aweme_id" in t else snowflake(t["video_ts"])
    by_label, out = {}, []
    clock = t["top_ts"] + rng.randint(60, 240)
    prev_ts = None
    n_unique = len(t["replies"])
    total = n_unique + t["hidden"]
    for i, r in enumerate(t["replies"]):
        q = r["q"]
        mean_gap = next(g for upto, g in t["gaps"] if i < upto)
        clock += int(rng.expovariate(1 / mean_gap)) + 20
        ts = clock
        if q.get("ooo"):  # shown below a reply that is newer than it
            ts = prev_ts - rng.randint(25, 90)
        prev_ts = ts
        cid = snowflake(ts)
        is_author = r["user"] == t["author"]
        user = None if q.get("nouser") else copy.deepcopy(users[r["user"]])
        if r["to"] is None:
            to_id, to_name, to_uid, to_sec = "0", "", "", ""
        else:
            target = by_label[r["to"]]
            tu = users[target["user"]]
            to_id, to_name, to_uid, to_sec = str(target["cid"]), tu["nickname"], tu["uid"], tu["sec_uid"]
            assert target["ts"] < ts, (t["name"], r["L"], "answers a newer reply")

        ad = q.get("ad")
        if ad is None:
            ad = (not is_author and not q.get("nouser") and rng.random() < 0.06)
        digg = q["digg"] if "digg" in q else default_digg(r["to"] is not None)
        text_extra = None if q.get("extra_null") else []
        if q.get("mention"):
            mu = users[q["mention"]]
            tag = "@" + mu["nickname"]
            assert r["text"].startswith(tag)
            text_extra = [{"type": 0, "user_id": mu["uid"], "sec_uid": mu["sec_uid"], "start": 0,
                           "end": len(tag), "hashtag_name": ""}]
        if q.get("hashtag"):
            tag = "#" + q["hashtag"]
            start = r["text"].index(tag)
            text_extra = [{"type": 1, "hashtag_name": q["hashtag"], "hashtag_id": str(rng.randint(10**15, 10**16)),
                           "start": start, "end": start + len(tag)}]

        c = {
            "cid": int(cid) if q.get("numcid") else cid,
            "text": r["text"],
            "aweme_id": aweme_id,
            "create_time": ts,
            "digg_count": digg,
            "status": 1,
            "user": user,
            "reply_id": comment_id,
            "user_digged": 1 if q.get("liked") else 0,
            "reply_comment": None,
            "text_extra": text_extra,
            "label_text": "作者" if is_author else "",
            "label_type": 1 if is_author else -1,
            "reply_to_reply_id": to_id,
            "reply_to_username": to_name,
            "reply_to_userid": to_uid,
            "is_author_digged": bool(ad),
            "user_buried": False,
            "label_list": copy.deepcopy(LABEL_AUTHOR_LIKED) if ad is True else None,
            "reply_to_user_sec_id": to_sec,
            "is_hot": bool(q.get("hot")),
            "text_music_info": None,
            "image_list": None,
            "is_note_comment": 0,
            "level": 2,
            "comment_reply_total": total,
            "video_list": None,
            "content_type": 1,
            "is_folded": bool(q.get("folded")),
            "decorated_emoji_info": None,
        }
        if ad in ("labelonly", "labelonly_missing"):
            c["is_author_digged"] = False
            c["label_list"] = copy.deepcopy(LABEL_AUTHOR_LIKED)
            if ad == "labelonly_missing":
                del c["is_author_digged"]
        if ad == "nolabel":
            c["is_author_digged"] = True
        if q.get("nodigg"):
            del c["digg_count"]
        if q.get("img"):
            c["image_list"] = [{
                "origin_url": {"uri": "tos-cn-i-0813/" + hexid(32), "url_list": [q["img"]],
                               "width": 1080, "height": 1440},
                "crop_url": None,
                "thumb_url": {"uri": "tos-cn-i-0813/" + hexid(32), "url_list": [q["img"]],
                              "width": 360, "height": 480},
            }]
        if q.get("sticker"):
            sid = hexid(32)
            c["sticker"] = {
                "id": str(rng.randint(10**15, 10**16)),
                "width": 240,
                "height": 240,
                "static_url": {"uri": "tos-cn-o-0812/" + sid,
                               "url_list": [f"https://p3.douyinpic.com/obj/tos-cn-o-0812/{sid}.png"]},
                "animate_url": {"uri": "tos-cn-o-0812/" + sid + "_gif",
                                "url_list": [f"https://p3.douyinpic.com/obj/tos-cn-o-0812/{sid}_gif.gif"]},
                "sticker_type": 2,
                "origin_package_id": 0,
            }
        ip = ips[r["user"]]
        if ip and not q.get("noip"):
            c["ip_label"] = ip
        if r["L"]:
            assert r["L"] not in by_label, r["L"]
            by_label[r["L"]] = dict(cid=cid, user=r["user"], ts=ts)
        out.append(c)
    return comment_id, aweme_id, out, total


def paginate(t, replies, total, fetch):
    """Page size 10. Thread A repeats the last reply of page overlap_page-1 at the top of overlap_page;
    thread B ends with an empty page that still says has_more: 1."""
    pages, pos, page_no = [], 0, 1
    while pos < len(replies):
        if page_no == t.get("overlap_page"):
            chunk = [copy.deepcopy(replies[pos - 1])] + replies[pos:pos + PAGE_SIZE - 1]
            pos += PAGE_SIZE - 1
        else:
            chunk = replies[pos:pos + PAGE_SIZE]
            pos += len(chunk)
        pages.append(chunk)
        page_no += 1
    if t.get("trailing_empty"):
        pages.append([])
    envelopes = []
    for n, chunk in enumerate(pages, start=1):
        last = n == len(pages)
        when = fetch + dt.timedelta(seconds=n * 1.7 + rng.random())
        has_more = 1 if (not last or t.get("trailing_empty")) else 0
        cursor = n * PAGE_SIZE if not last or len(chunk) == PAGE_SIZE else (n - 1) * PAGE_SIZE + len(chunk)
        if not chunk:
            cursor = (n - 1) * PAGE_SIZE
        envelopes.append({
            "code": 0,
            "data": {
                "status_code": 0,
                "comments": chunk,
                "cursor": cursor,
                "has_more": has_more,
                "total": total,
                "extra": {"now": int(when.timestamp() * 1000), "fatal_item_ids": None, "scenes": None},
                "log_pb": {"impr_id": when.strftime("%Y%m%d%H%M%S") + hexid(20).upper()},
                "merge_cursor": "",
            },
            "message": None,
            "recordTime": when.isoformat(timespec="milliseconds"),
            "requestId": "%s-%s-4%s-%s-%s" % (hexid(8), hexid(4), hexid(3), rng.choice("89ab") + hexid(3),
                                              hexid(12)),
        })
    return envelopes



# ---------------------------------------------------------------------------------------------------------
# Videos: the level above the threads. Each video is a list of top-level comments in the order the service
# ranks them (pinned first, then roughly by heat). C(user, text, replies=[R(...), ...] | None, **quirks);
# `thread="A"` marks the comment that the existing thread A (B, C) sits under: its cid, time, text and
# reply count come from that thread. A comment with `replies` gets a new short thread file of its own.
# quirks: digg=N, hot, ad (author liked: flag + 作者赞过 label), pinned, folded, noip, nouser, numcid,
#         img=url, hashtags=[names], hidden=N (replies the thread's total counts but does not serve),
#         quote="…" (the thread title's excerpt).
# Everything here draws from a second random stream (VIDEO_SEED), started after the three threads above
# are written, so those stay byte-identical whatever is added below.
# ---------------------------------------------------------------------------------------------------------
VIDEO_SEED = 20260310
COMMENT_PAGE_SIZE = 20


def C(user, text, replies=None, thread=None, **q):
    return dict(user=user, text=text, replies=replies, thread=thread, q=q)


NEW_USERS = {
    "hotpot": U("菌子火锅阿香", "云南", "大理古城菌子火锅 · 十五年老店🍄\n吃菌子，找阿香", ids="s",
                counts=(15800, 66, 120000, 210)),
    "nurse": U("夜班护士小周", "湖南", "白衣天使也想睡个好觉😴", ids="0"),
}

HOSTILE_COMMENT = ("\u001b[31m\u001b[1m恭喜您被抽中\u001b[0m！\u001b]8;;https://dy-hongbao.example/\u0007"
                   "点这里领888元旅游红包\u001b]8;;\u0007\u200b \u202e包邮到家\u202c\u009b2K")

A_LONG_LAOZHOU = (
    "开民宿的来说几句租房的实话，给想来长住的朋友避避坑：\n\n"
    "一、看房一定要白天晚上各看一次。白天看采光和潮不潮，晚上听听隔壁是不是酒吧、狗叫不叫、"
    "村里的路灯亮不亮，走回家的那段路黑不黑。\n\n"
    "二、押金和合同。押一付三比较常见，合同里写清楚水电怎么算、网费谁出、提前退租怎么办。"
    "口头答应的事，一律写进合同里，别不好意思。\n\n"
    "三、冬天取暖。大理的房子基本没有暖气，看房时问清楚有没有电热毯、小太阳，"
    "电费是民用价还是商用价，一个冬天下来能差好几百。\n\n"
    "四、别一来就交半年。先住一个月，确定喜欢这个村子、合得来房东，再续租也不迟。\n\n"
    "祝大家都能找到喜欢的小院[比心]"
)

VIDEO_A = [
    C("amu", "📌 置顶：视频里每一笔开销的明细，我按类别整理在这条评论的回复里了。"
             "问得最多的租房、交通、带娃问题也在下面，先看再问哦[比心]", pinned=True, digg=5230, hot=True,
      quote="视频里每一笔开销的明细…", hidden=1, replies=[
        R("amu", "房租：1500，喜洲往北的村里，一室一厅带小院，含网费", L="p1"),
        R("amu", "吃饭：860，自己买菜做饭为主，每周下馆子两次，米线饵丝十块钱以内", L="p2"),
        R("amu", "交通：0，电动车是房东借的（这一项很多人说不公平，我认[捂脸]）", L="p3"),
        R("skeptic", "电动车这一项记0确实不太公平，正常租要三百", to="p3", L="pk1"),
        R("amu", "对，所以正常算应该是3300左右，下期视频开头会更正", to="pk1"),
        R("amu", "杂项：620，话费、日用品、两次门票，还有一次水土不服去诊所", L="p4"),
        R("wife", "还有我买的鲜花饼，四百，建议单列一项[捂脸]", to="p4"),
        R("xiaoman", "这个置顶太实在了，收藏"),
    ]),
    C("shanye", None, thread="A", digg=15620, hot=True),
    C("hotpot", "在大理开菌子火锅店的，每年这个时候都要说一遍：见手青一定要炒熟炒透，下锅至少煮够十五分钟，"
                "我们店里都是服务员拿沙漏盯着的。第一次吃的朋友少吃一点，也不要配酒[抱拳]",
      digg=23000, hot=True, ad=True, quote="见手青一定要炒熟炒透…", hidden=2, replies=[
        R("chuanmei", "沙漏盯着吃饭，这仪式感拉满了哈哈", L="r1"),
        R("hotpot", "没办法，有客人嫌慢偷偷先吃，结果看到小人在桌上跳舞[捂脸]", to="r1", L="r2"),
        R("xiaoman", "看到小人是什么体验啊，有点好奇（不是）", to="r2", L="r3"),
        R("mushroom", "别好奇！我亲身经历，是会吓哭的那种[流泪]", to="r3"),
        R("kunming", "云南人表示，家里老人每年都要念叨一遍，听得耳朵起茧了", L="r5"),
        R("hotpot", "念叨是对的，每年菌子季都有人进医院", to="r5"),
        R("dongbei", "东北也有蘑菇，小鸡炖蘑菇，从来没听说吃出小人的", L="r7"),
        R("mushroom", "那是因为榛蘑没有那个成分，见手青是另一回事", to="r7", L="r8"),
        R("dongbei", "涨知识了，那我还是老老实实吃榛蘑吧", to="r8"),
        R("amu", "阿香姐家的菌子火锅我去吃过，汤是真的鲜，价格也实在[赞]", L="r10"),
        R("hotpot", "谢谢阿木！下次来给你加一盘牛肝菌", to="r10", L="r11"),
        R("skeptic", "博主和店家在评论区互动，懂的都懂[暗中观察]", to="r11", L="r12"),
        R("amu", "这顿是我自己掏的钱，有小票为证[捂脸]", to="r12"),
    ]),
    C("beipiao", "北漂十年，看完这个视频第一次认真算了算回老家的账[流泪]", digg=8870, hot=True),
    C("laozhou", A_LONG_LAOZHOU, digg=6420, hot=True, ad=True, quote="开民宿的来说几句租房的实话…", replies=[
        R("dog", "商用电价这个太重要了，我去年就被坑了，一度一块多", L="l1"),
        R("laozhou", "对，有的民宿转租给长租客还按商用收，签之前一定问清楚", to="l1"),
        R("landlord", "房东这边也说一句：爱护房子的租客，我们都愿意便宜点续租[微笑]"),
        R("student", "收藏了，白天晚上各看一次这个好实用"),
        R("amu", "老周说得全，我补一句：看房时打开热水龙头放一会儿，看看热水多久能来"),
    ]),
    C("photog", "上个月在双廊拍的洱海日出，早上六点四十的光，手机直出没修 #大理 #洱海日出",
      img="https://p3.douyinpic.com/demo-shuanglang.jpeg", hashtags=["大理", "洱海日出"], digg=4100, hot=True,
      quote="上个月在双廊拍的洱海日出…", replies=[
        R("erhai_cat", "双廊的日出确实绝，我每天早上都去看", L="e1"),
        R("photog", "那你是真的幸福，我只去了三次，两次阴天[流泪]", to="e1"),
        R("otaku", "壁纸已保存，谢谢[比心]"),
    ]),
    C("xiaoman", "评论区比视频还好看[捂脸]", digg=3300),
    C("coder", "👩🏻‍💻 远程办公的朋友可以参考：村里光纤200M够用，就是偶尔停电，记得备个小UPS", ad=True),
    C("us_guy", "在加州看完，这边一碗米线要18刀，还不如大理菜市场八块钱那碗[流泪]"),
    C("mom", "三个娃的妈妈来问：带孩子住一个月，是不是只能暑假去？平时上学走不开🤔"),
    C("mushroom", "又是我，菌子要煮熟！菌子要煮熟！菌子要煮熟！🍄", ad=True),
    C("rainbow", "🏳️‍🌈 大理真的很包容，去了就不想走"),
    C("spammer", HOSTILE_COMMENT, digg=0, folded=True, noip=True),
    C("nomad_dl", "看完就去订了机票，下个月见，大理！✈️", nouser=True),
    C("cn_flag", "🇨🇳 祖国的大好河山，每一个地方都值得去看看"),
    C("biker", "骑摩托进藏路过大理，住了一周，确实舒服🏍️"),
    C("longname", "深圳加班到凌晨三点刷到这个，眼泪不争气地流下来[流泪]"),
    C("vegan", "有没有吃素的朋友在大理长住过？想知道方不方便🌱"),
    C("dog", "带狗可以住吗？我家橘子是30斤的金毛🐕"),
    C("otaku", "云旅游+1，假装自己已经去过了[捂脸]"),  # page 2 repeats this one
    C("teacher", "退休两年了，想冬天去大理住三个月，一个人去安全吗？孩子们都不放心[微笑]",
      quote="想冬天去大理住三个月…", replies=[
        R("laozhou", "阿姨放心，大理治安挺好的，古城和村里都有不少退休的叔叔阿姨来过冬", L="t1"),
        R("teacher", "那就好，老板您那边冬天有长租吗", to="t1", L="t2"),
        R("laozhou", "有的，冬天是淡季，长租有优惠，主页私信就行", to="t2"),
        R("wife", "阿姨来了可以找我们一起跳广场舞，古城南门每天晚上都有[呲牙]"),
    ]),
    C("lijiang", "问一下，大理到丽江的动车多久一趟？想顺便去玩两天", numcid=True,
      quote="大理到丽江的动车多久一趟？", replies=[
        R("bus", "差不多一小时一趟，一个半小时就到，二等座七十块左右", L="n1"),
        R("lijiang", "谢谢师傅！那周末就冲", to="n1"),
    ]),
    C("hiker", "苍山徒步的朋友注意，冬天山顶会结冰，冰爪一定要带 #苍山徒步", hashtags=["苍山徒步"]),
    C("kunming", "昆明人路过，欢迎大家来云南玩[比心]"),
    C("local_bai", "白族小金花欢迎大家，来了记得尝尝三道茶🌸", ad=True),
    C("tax", "会计看完，很想帮博主把账重新做一遍[捂脸]"),
    C("skeptic", "标题有点党，但内容还行"),
    C("nomad2", "Chiang Mai 一个月大概4500人民币，可以对比一下"),
    C("sleepy", "凌晨三点看完，已经在比价机票了"),
    C("elder", "现在的年轻人真会生活"),
    C("guizhou", "贵州也很好玩，夏天欢迎来避暑"),
    C("chuanmei", "四川人表示，成都也能三千过一个月[呲牙]"),
    C("xishuang", "冬天怕冷的话来版纳，更暖和🐘"),
    C("insurance", "出门在外记得买份意外险"),
    C("dongbei", "东北人冬天去大理住，省下的暖气费够买机票了"),
    C("shy", "潜水党冒个泡，去年去了两个月，真的会上瘾"),
    C("agency", "正规旅行社提醒：599的低价团千万别报", ad=True),
    C("cheap", "穷游小分队前来学习"),
    C("erhai_cat", "洱海边的猫来报到🐱"),
    C("wife", "作为视频里被点名超支的人，申请发言：那四百块的鲜花饼，是给家里人寄的伴手礼！",
      digg=2890, hot=True, quote="那四百块的鲜花饼…", replies=[
        R("amu", "那你说说，寄了几盒，自己吃了几盒[暗中观察]", L="w1"),
        R("wife", "……寄了两盒，吃了六盒", to="w1", L="w2"),
        R("xiaoman", "哈哈哈哈哈哈诚实的人", to="w2"),
        R("chuanmei", "鲜花饼哪家好吃？求推荐", L="w4"),
        R("wife", "古城里现烤的就好吃，别买包装好的礼盒，性价比低", to="w4"),
        R("shanye", "原来超支是这么来的，我这个杠精也挑不出毛病了"),
    ]),
    C("student", "大学生暑假去十天，预算两千五够不够呀"),
    C("nurse", "夜班护士下班刷到，想去大理睡一个月的觉[泣不成声]"),
    C("bus", "古城到喜洲有公交，两三块钱，别天天打车"),
    C("rude", "就这？", folded=True, digg=1),
]

VIDEO_B = [
    C("pangshu", "📌 评论区问得多的：1）五花肉选三层分明的；2）冰糖最后收汁时放；3）电饭锅也能做，"
                 "按两次煮饭键。更多问题在下面问[比心]", pinned=True, digg=3120, hot=True,
      quote="评论区问得多的…", replies=[
        R("student2", "电饭锅按两次煮饭键就行？那宿舍也能做了[呲牙]", L="b1"),
        R("pangshu", "能，但是注意功率，别跳闸", to="b1"),
        R("grandpa", "讲得清楚，老头子学会了"),
    ]),
    C("wangjie", None, thread="B", digg=9120, hot=True),
    C("chef", "二十年厨师说一句：不焯水的关键是煸，煸透了比焯水还香", ad=True, digg=2300),
    C("porkseller", "买肉的时候按一按，能回弹的是新鲜肉，按下去一个坑的别买", digg=1500,
      quote="买肉的时候按一按…", replies=[
        R("mom", "学到了，明天去菜市场试试", L="k1"),
        R("porkseller", "试试就知道，好肉一按就回来", to="k1"),
    ]),
    C("dieter", "减脂期刷到这个视频，是对我最大的考验[流泪]"),
    C("shanghai", "阿拉上海的红烧肉是要放冰糖的，甜津津的才好吃"),
    C("hk", "#家常菜 收藏了，周末做给爸妈吃", hashtags=["家常菜"]),
    C("pig", "🐷：我做错了什么"),
    C("nanjing", "看饿了，半夜翻了半天冰箱只有榨菜[捂脸]"),
    C("beer", "用可乐代替冰糖会怎么样？"),
]

VIDEO_C = [
    C("tony", None, thread="C", digg=6400, hot=True, ad=True),
    C("afeng", "说明一下：这期的耳机都是自费买的，没收任何品牌的钱，测试曲目和方法放在这条评论下面了",
      digg=4800, hot=True, quote="这期的耳机都是自费买的…", replies=[
        R("afeng", "测试曲目：一首流行、一首古典钢琴、一首现场版摇滚，外加一段地铁环境录音测降噪", L="s1"),
        R("engineer", "地铁录音用的是什么设备录的？不同设备录的低频差别很大", to="s1", L="s2"),
        R("afeng", "手机录的，确实不够严谨，下期换测量麦克风", to="s2"),
        R("commuter", "地铁四号线的声音我熟，这个测试很有代入感[捂脸]"),
    ]),
    C("engineer", "盲测的思路是对的，就是样本太少，建议多找几个人一起听"),
    C("applefan", "AirPods的优势在生态，单比音质确实没意思"),
    C("student3", "学生党表示799也买不起[泣不成声]"),
    C("commuter", "地铁上用了一年国产降噪，降噪确实够用"),
    C("coder", "👩🏻‍💻 写代码的时候戴降噪耳机，效率翻倍"),
    C("skeptic", "建议下次把两副耳机的频响曲线也放出来"),
    C("rainbow", "🏳️‍🌈 颜值也很重要好吗，白色那款好看"),
]

VIDEOS = [
    # The first video is where --demo starts. `extra` is how many comments the service counts but does not
    # serve; page 2 of the first video repeats the last comment of page 1.
    dict(thread="A", comments=VIDEO_A, extra=7, overlap_page=2, window=6 * 86400,
         fetch=dt.datetime(2026, 3, 9, 21, 58, 20, tzinfo=BJ)),
    dict(thread="B", comments=VIDEO_B, extra=4, window=4 * 86400,
         fetch=dt.datetime(2026, 3, 9, 22, 2, 40, tzinfo=BJ)),
    dict(thread="C", comments=VIDEO_C, extra=2, window=2 * 86400,
         fetch=dt.datetime(2026, 3, 9, 22, 4, 50, tzinfo=BJ)),
]


def build_comment(spec, cid, ts, aweme_id, reply_total, video_total, users, ips):
    """One top-level comment, keys in the order of samples/get-video-comment-v1.json."""
    q = spec["q"]
    ad = bool(q.get("ad"))
    is_author = spec["is_author"]
    text_extra = []
    for name in q.get("hashtags", []):
        start = spec["text"].index("#" + name)
        text_extra.append({"type": 1, "hashtag_name": name, "hashtag_id": str(rng.randint(10**15, 10**16)),
                           "start": start, "end": start + len(name) + 1})
    image_list = None
    if q.get("img"):
        image_list = [{
            "origin_url": {"uri": "tos-cn-i-0813/" + hexid(32), "url_list": [q["img"]], "width": 1440,
                           "height": 1080},
            "crop_url": None,
            "thumb_url": {"uri": "tos-cn-i-0813/" + hexid(32), "url_list": [q["img"]], "width": 480,
                          "height": 360},
        }]
    c = {
        "aweme_id": aweme_id,
        "can_share": True,
        "cid": int(cid) if q.get("numcid") else cid,
        "content_type": 1,
        "create_time": ts,
        "decorated_emoji_info": None,
        "digg_count": q["digg"] if "digg" in q else default_digg(False),
        "ent_parachute_tip": 0,
        "enter_from": "homepage_hot",
        "image_list": image_list,
        "is_author_digged": ad,
        "is_folded": bool(q.get("folded")),
        "is_hot": bool(q.get("hot")),
        "is_note_comment": 0,
        "is_user_tend_to_reply": False,
        "item_comment_total": video_total,
        "label_list": copy.deepcopy(LABEL_AUTHOR_LIKED) if ad else None,
        "label_text": "作者" if is_author else "",
        "label_type": 1 if is_author else -1,
        "level": 1,
        "reply_comment": None,
        "reply_comment_total": reply_total,
        "reply_id": "0",
        "reply_to_reply_id": "0",
        "sort_tags": "{\"top_list\":1}" if q.get("pinned") else "{\"time\":1}",
        "status": 1,
        "stick_position": 1 if q.get("pinned") else 0,
        "text": spec["text"],
        "text_extra": text_extra,
        "text_music_info": None,
        "user": None if q.get("nouser") else copy.deepcopy(users[spec["user"]]),
        "user_buried": False,
        "user_digged": 0,
        "video_list": None,
    }
    ip = ips.get(spec["user"])
    if ip and not q.get("noip") and not q.get("nouser"):
        c = dict(sorted({**c, "ip_label": ip}.items()))
    return c


def paginate_comments(video, comments, total, fetch):
    """Page size 20; page `overlap_page` begins with the last comment of the page before it again."""
    pages, pos, page_no = [], 0, 1
    while pos < len(comments):
        if page_no == video.get("overlap_page"):
            chunk = [copy.deepcopy(comments[pos - 1])] + comments[pos:pos + COMMENT_PAGE_SIZE - 1]
        else:
            chunk = comments[pos:pos + COMMENT_PAGE_SIZE]
        pos += len(chunk) - (1 if page_no == video.get("overlap_page") else 0)
        pages.append(chunk)
        page_no += 1
    envelopes, served = [], 0
    for n, chunk in enumerate(pages, start=1):
        served += len(chunk)
        when = fetch + dt.timedelta(seconds=n * 1.9 + rng.random())
        envelopes.append({
            "code": 0,
            "data": {
                "comment_config": {},
                "comments": chunk,
                "cursor": served,
                "extra": {"fatal_item_ids": None, "now": int(when.timestamp() * 1000), "scenes": None},
                "fast_response_comment": {"constant_response_words": ["赞"], "timed_response_words": ["晚上好"]},
                "folded_comment_count": 0,
                "general_comment_config": {},
                "has_more": 0 if n == len(pages) else 1,
                "hotsoon_filtered_count": 0,
                "log_pb": {"impr_id": when.strftime("%Y%m%d%H%M%S") + hexid(20).upper()},
                "reply_style": 2,
                "show_management_entry_point": 0,
                "status_code": 0,
                "total": total,
                "user_commented": 0,
            },
            "message": None,
            "recordTime": when.isoformat(timespec="milliseconds"),
            "requestId": "%s-%s-4%s-%s-%s" % (hexid(8), hexid(4), hexid(3), rng.choice("89ab") + hexid(3),
                                              hexid(12)),
        })
    return envelopes


def excerpt(text):
    """The thread title's quote: the first sentence if short, else the start of it."""
    for end, ch in enumerate(text):
        if ch in "。！？!?，":
            head = text[:end + 1] if ch in "？?" else text[:end]
            if len(head) <= 20:
                return head + "…"
            break
    return text[:16] + "…"


def write_json(name, doc):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return path


def thread_doc(t, comment_id, pages):
    return {
        "comment_id": comment_id,
        "title": f"视频《{t['video']}》下 @{ALL_USERS[t['top_user']]['nick']} 的评论：{t['quote']}",
        "top_comment": t["top"],
        "pages": pages,
    }


ALL_USERS = {**USERS, **NEW_USERS}


def generate():
    global rng
    for old in glob.glob(os.path.join(OUT, "[0-9]" * 19 + ".json")) + glob.glob(os.path.join(OUT, "video-*.json")):
        os.remove(old)
    signup = bj(2026, 1, 15, 0, 0)
    users = {key: build_user(key, spec, signup - rng.randint(0, 900) * 86400) for key, spec in USERS.items()}
    ips = {key: spec["ip"] for key, spec in USERS.items()}  # ip_label sits on the reply, not on the user
    written, made = [], {}
    for t in THREADS:
        comment_id, aweme_id, replies, total = build_thread(t, users, ips)
        pages = paginate(t, replies, total, t["fetch"])
        written.append(write_json(comment_id + ".json", thread_doc(t, comment_id, pages)))
        made[t["name"]] = dict(comment_id=comment_id, aweme_id=aweme_id, total=total)

    # From here on a second stream: the three threads above stay byte-identical.
    rng = random.Random(VIDEO_SEED)
    for key, spec in NEW_USERS.items():
        users[key] = build_user(key, spec, signup - rng.randint(0, 900) * 86400)
        ips[key] = spec["ip"]
    for video in VIDEOS:
        base = next(t for t in THREADS if t["name"] == video["thread"])
        aweme_id = made[base["name"]]["aweme_id"]
        specs = video["comments"]
        video_total = len(specs) + video["extra"]
        comments = []
        for n, spec in enumerate(specs):
            spec = dict(spec, is_author=spec["user"] == base["author"])
            if spec["thread"]:
                t = next(t for t in THREADS if t["name"] == spec["thread"])
                spec["text"] = t["top"]
                cid, ts, reply_total = made[t["name"]]["comment_id"], t["top_ts"], made[t["name"]]["total"]
            else:
                ts = base["video_ts"] + rng.randint(300, video["window"])
                cid, reply_total = None, 0
            if spec["replies"]:
                q = spec["q"]
                t = dict(name=f"{base['name']}{n}", video=base["video"], author=base["author"],
                         top_user=spec["user"], top=spec["text"], replies=spec["replies"],
                         quote=q.get("quote") or excerpt(spec["text"]), video_ts=base["video_ts"], top_ts=ts,
                         gaps=[(999, 1500)], hidden=q.get("hidden", 0), aweme_id=aweme_id,
                         fetch=video["fetch"] + dt.timedelta(minutes=1 + n))
                cid, _, replies, reply_total = build_thread(t, users, ips)
                pages = paginate(t, replies, reply_total, t["fetch"])
                written.append(write_json(cid + ".json", thread_doc(t, cid, pages)))
            if cid is None:
                cid = snowflake(ts)
            comments.append(build_comment(spec, cid, ts, aweme_id, reply_total, video_total, users, ips))
        doc = {
            "aweme_id": aweme_id,
            "title": base["video"],
            "author": USERS[base["author"]]["nick"],
            "pages": paginate_comments(video, comments, video_total, video["fetch"]),
        }
        written.append(write_json(f"video-{aweme_id}.json", doc))
    return written


# ---------------------------------------------------------------------------------------------------------
# Checks: every file parses; replies per thread; unique cids except the planted overlaps; every non-"0"
# reply_to_reply_id names an earlier cid of the same thread; page shapes match the sample envelopes; every
# comment with replies has a thread that agrees with it, and every thread has its comment.
# ---------------------------------------------------------------------------------------------------------
ENVELOPE_KEYS = ["code", "data", "message", "recordTime", "requestId"]
DATA_KEYS = ["status_code", "comments", "cursor", "has_more", "total", "extra", "log_pb", "merge_cursor"]
COMMENT_DATA_KEYS = ["comment_config", "comments", "cursor", "extra", "fast_response_comment",
                     "folded_comment_count", "general_comment_config", "has_more", "hotsoon_filtered_count",
                     "log_pb", "reply_style", "show_management_entry_point", "status_code", "total",
                     "user_commented"]
VIDEO_KEYS = ["aweme_id", "title", "author", "pages"]
# The three long threads: (name, unique replies, total). Snapshot tests read them, so they must not drift.
ORIGINAL = {"7611524150996519591": ("A", 158, 167), "7612874893784643373": ("B", 30, 38),
            "7613731540051747163": ("C", 12, 12)}


def cjk_count(s):
    return sum(1 for ch in s if unicodedata.name(ch, "").startswith("CJK UNIFIED"))


class Problems:
    def __init__(self):
        self.count = 0

    def expect(self, ok, what):
        if not ok:
            print("  BAD:", what)
            self.count += 1


def check_thread(path, bad):
    raw = open(path, "rb").read()
    doc = json.loads(raw.decode("utf-8"))
    assert os.path.basename(path) == doc["comment_id"] + ".json"
    assert len(doc["comment_id"]) == 19 and doc["comment_id"].isdigit()
    seen, order, dups, entries, totals, awemes = {}, [], [], 0, set(), set()
    for n, page in enumerate(doc["pages"], start=1):
        assert list(page) == ENVELOPE_KEYS, list(page)
        assert list(page["data"]) == DATA_KEYS, list(page["data"])
        totals.add(page["data"]["total"])
        for c in page["data"]["comments"] or []:
            entries += 1
            cid = str(c["cid"])
            if cid in seen:
                assert seen[cid] == c, "same cid, different reply"
                dups.append((n, cid))
                continue
            to = c["reply_to_reply_id"]
            bad.expect(to == "0" or to in seen, f"{cid} answers {to}, not an earlier reply")
            assert c["reply_id"] == doc["comment_id"]
            awemes.add(c["aweme_id"])
            seen[cid] = c
            order.append(c)
    last = doc["pages"][-1]["data"]
    bad.expect(len(totals) == 1, f"{doc['comment_id']}: pages disagree on total {totals}")
    bad.expect(len(awemes) == 1, f"{doc['comment_id']}: replies under several videos {awemes}")
    long_ones = sum(1 for c in order if cjk_count(c["text"]) >= 300)
    authors = {c["user"]["uid"] for c in order if c["user"]}
    print(f"{os.path.basename(path)}  {len(raw):>7} bytes  pages={len(doc['pages'])}  entries={entries}  "
          f"unique={len(seen)}  total={last['total']}  last has_more={last['has_more']}  "
          f"last page size={len(last['comments'] or [])}  overlaps={dups}  authors={len(authors)}  "
          f"300+ CJK replies={long_ones}")
    print("   ", doc["title"])
    return dict(doc=doc, unique=len(seen), total=last["total"], aweme_id=next(iter(awemes), None),
                authors=authors)


def check_video(path, bad):
    doc = json.loads(open(path, "rb").read().decode("utf-8"))
    assert list(doc) == VIDEO_KEYS, list(doc)
    assert os.path.basename(path) == f"video-{doc['aweme_id']}.json"
    seen, order, dups, served = {}, [], [], 0
    pages = doc["pages"]
    for n, page in enumerate(pages, start=1):
        assert list(page) == ENVELOPE_KEYS, list(page)
        data = page["data"]
        assert list(data) == COMMENT_DATA_KEYS, list(data)
        served += len(data["comments"])
        bad.expect(data["cursor"] == served, f"{path} p{n}: cursor {data['cursor']} != {served}")
        bad.expect(data["has_more"] == (0 if n == len(pages) else 1), f"{path} p{n}: has_more")
        bad.expect(len(data["comments"]) <= COMMENT_PAGE_SIZE, f"{path} p{n}: more than a page")
        for i, c in enumerate(data["comments"]):
            cid = str(c["cid"])
            bad.expect(c["level"] == 1 and c["aweme_id"] == doc["aweme_id"], f"{cid}: level or aweme_id")
            bad.expect(c["item_comment_total"] == data["total"], f"{cid}: item_comment_total")
            if cid in seen:
                bad.expect(seen[cid] == c, f"{cid}: same cid, different comment")
                bad.expect(i == 0 and n > 1 and str(pages[n - 2]["data"]["comments"][-1]["cid"]) == cid,
                           f"{cid}: repeated other than at the top of the next page")
                dups.append((n, cid))
                continue
            seen[cid] = c
            order.append(c)
    totals = {p["data"]["total"] for p in pages}
    bad.expect(len(totals) == 1 and min(totals) > len(order), f"{path}: total {totals} for {len(order)}")
    return dict(doc=doc, comments=order, dups=dups, pages=len(pages), total=pages[-1]["data"]["total"])


def check():
    bad = Problems()
    thread_files = sorted(glob.glob(os.path.join(OUT, "[0-9]" * 19 + ".json")))
    threads = {os.path.basename(p)[:-5]: check_thread(p, bad) for p in thread_files}
    for cid, (name, unique, total) in ORIGINAL.items():
        got = threads.get(cid)
        bad.expect(got and (got["unique"], got["total"]) == (unique, total), f"thread {name} {cid} changed")
    all_authors = set().union(*(t["authors"] for t in threads.values()))
    print(f"distinct authors over all threads: {len(all_authors)}")

    video_files = sorted(glob.glob(os.path.join(OUT, "video-*.json")))
    bad.expect(len(video_files) == len(ORIGINAL), f"{len(video_files)} videos, one per long thread expected")
    led = {}
    for path in video_files:
        v = check_video(path, bad)
        comments = v["comments"]
        cids = {str(c["cid"]) for c in comments}
        originals = [name for cid, (name, _, _) in ORIGINAL.items() if cid in cids]
        bad.expect(len(originals) == 1, f"{path}: leads to {originals}, one long thread expected")
        new_threads = 0
        for c in comments:
            cid, n = str(c["cid"]), c["reply_comment_total"]
            if n == 0:
                bad.expect(cid not in threads, f"{cid}: 0 replies but a thread file")
                continue
            t = threads.get(cid)
            if t is None:
                bad.expect(False, f"{cid}: {n} replies but no thread file")
                continue
            led[cid] = led.get(cid, 0) + 1
            bad.expect(t["doc"]["top_comment"] == c["text"], f"{cid}: top_comment is not the comment's text")
            bad.expect(t["total"] == n, f"{cid}: reply_comment_total {n} != thread total {t['total']}")
            bad.expect(t["aweme_id"] == v["doc"]["aweme_id"], f"{cid}: thread under another video")
            if cid not in ORIGINAL:
                new_threads += 1
                bad.expect(2 <= t["unique"] <= 15, f"{cid}: {t['unique']} replies, 2 to 15 expected")
        by_author = [c for c in comments if c["label_text"] == "作者"]
        liked = [c for c in comments if c["is_author_digged"] and c["label_list"]]
        pinned = [c for c in comments if c["stick_position"]]
        quiet = [c for c in comments if c["reply_comment_total"] == 0]
        bad.expect(by_author and liked, f"{path}: needs a comment by the author and one 作者赞过")
        bad.expect(all(c["user"]["nickname"] == v["doc"]["author"] for c in by_author if c["user"]),
                   f"{path}: 作者 label on someone who is not the author")
        if originals == ["A"]:  # where --demo starts
            bad.expect(len(comments) >= 36 and v["pages"] >= 2, f"{path}: {len(comments)} comments")
            bad.expect(v["dups"] == [(2, str(v["doc"]["pages"][0]["data"]["comments"][-1]["cid"]))],
                       f"{path}: page 2 must begin with page 1's last comment")
            bad.expect(new_threads >= 4 and len(quiet) >= 5 and pinned, f"{path}: too few threads/quiet/pinned")
            bad.expect(any(c["user"] is None for c in comments), f"{path}: no comment with user null")
            bad.expect(any(isinstance(c["cid"], int) for c in comments), f"{path}: no numeric cid")
            bad.expect(any(c["image_list"] for c in comments), f"{path}: no image")
            bad.expect(any("\u001b" in c["text"] for c in comments), f"{path}: no hostile text")
            bad.expect(any(cjk_count(c["text"]) >= 150 and "\n\n" in c["text"] for c in comments),
                       f"{path}: no long multi-paragraph comment")
            two_pages = [cid for cid in cids if cid in threads and len(threads[cid]["doc"]["pages"]) >= 2
                         and cid not in ORIGINAL]
            bad.expect(two_pages, f"{path}: no short thread of two pages")
        else:
            bad.expect(8 <= len(comments) <= 15 and v["pages"] == 1, f"{path}: 8 to 15 comments on one page")
        print(f"{os.path.basename(path)}  pages={v['pages']}  comments={len(comments)}  total={v['total']}  "
              f"overlaps={v['dups']}  threads={len(comments) - len(quiet)} (new {new_threads})  "
              f"no replies={len(quiet)}  pinned={len(pinned)}  作者赞过={len(liked)}  by author={len(by_author)}")
        print("    《%s》 by %s" % (v["doc"]["title"], v["doc"]["author"]))
    for cid in threads:
        bad.expect(led.get(cid) == 1, f"thread {cid}: led to by {led.get(cid, 0)} comments, 1 expected")
    if bad.count:
        sys.exit(f"{bad.count} problem(s)")
    print("ok")


if __name__ == "__main__":
    if "--check" not in sys.argv[1:]:
        for p in generate():
            print("wrote", os.path.relpath(p, os.getcwd()))
    check()
