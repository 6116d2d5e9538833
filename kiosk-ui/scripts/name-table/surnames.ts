/**
 * Single-character surnames, most common first: what the first syllable of a name offers before any other
 * character. The first hundred are in the order of the national household-register rankings published for
 * 2019 and 2020 (公安部户政管理研究中心, 全国姓名报告): that hundred is stable between years, the order
 * inside it approximate. Then other common surnames, roughly by frequency; then less common ones that
 * should still come before the rarer surnames of their syllable (席 and 习 before 奚, 冼 before 咸); then
 * surnames of the Hui of Ningxia, where the first stations are (马, 杨, 丁, 白 are already above).
 * make.ts appends the rest of 百家姓 from pinyin-pro's surname table, in its order.
 */
export const COMMON_SURNAMES = [
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢',
  '姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常',
  '汤康易乔赖文施洪辛柯庄葛牛温鲁樊殷聂章焦齐邢甘华岳柴伍申翟祝包耿左关纪阮蓝安宁路季苗靳裴时单涂倪',
  '滕梅尚盛艾成凌毕童管祁霍代游司柳鲍卜晏傅萧阎项穆苟党褚谷全房欧骆明宫卓冉俞蒲农麦占解宗舒屈米车',
  '卫窦喻戚尤云郎柏花凤储席习冼',
  '海纳冶哈拜锁闪铁虎妥者喇黑脱撒',
].join('')

/** Two-character surnames, most common first; the rest of pinyin-pro's follow in its order. */
export const COMMON_COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '令狐',
  '慕容',
  '尉迟',
  '公孙',
  '司徒',
  '夏侯',
  '宇文',
  '长孙',
  '轩辕',
  '端木',
  '呼延',
  '西门',
  '南宫',
]
