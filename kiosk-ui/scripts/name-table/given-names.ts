/**
 * Characters of given names, most usual first: what a syllable after the surname offers before any other
 * character, and what the first syllable offers after the surnames. Compiled for this kiosk from the
 * characters most often reported in given names of people born from the 1960s to the 2000s (the couriers'
 * generations): older names (英, 华, 秀, 兰, 桂, 珍) and newer ones (宇, 浩, 轩, 涵, 梓, 睿) alike. Only
 * the order among characters of the same syllable matters, so the list is read per syllable: for `xiao`,
 * 晓 before 小 before 筱. Characters outside GB 2312 (玥, 珺, 喆, 堃) get their readings from pinyin-pro.
 */
export const GIVEN_NAME_CHARS = [
  // the most frequent, any generation
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红文辉建国飞鹏宇浩峰鑫波斌宁凯俊帆海林婷雪慧琳晶燕',
  '丹萍玲梅莉颖倩佳欣怡悦雨涵轩子梓晨博泽一诺思睿晓小春金志荣新亮龙生东永成福云凤珍芬兵青清淑翔旭康安乐',
  // common
  '珊和全德光如琪璐爽可瑶忠天珠琴雅星媛梦帅秋吉武贤娇昭达彤希婉航曼莲素银欢菊佩彩柔爱哲坤阳世然楠沐友旺',
  '泰功仁顺锦松朗宝虎冠彪雄江根恒宏洪鸿虹健剑坚民婧敬菁靖蕾雷咏韬朝潮夏钢贵瑜钰羽煜语昱岚澜雯惠晖卉菲',
  '昊皓豪锋丰枫馨心昕彬凝楷凡霖麟庭亭学美嘉家毅艺依逸宜奕仪义月越岳寒晗翰瀚菡萱璇宣紫辰琛宸瑞蕊锐纯智芝',
  '之致蓉容良胜升晟盛冬栋诚承澄富芸韵振真贞震冰炳茜千谦晴庆卿书舒香祥湘煦山荷鹤泉权茹儒琦奇麒启祺露路',
  '鹿双珂柯克耀尧遥中仲甜竹勤沁芹亚娅兴杏元源远园苑圆萌继纪季五伍悟仙娴先姣钊照桐童熙曦溪喜万琬杭蔓满',
  '铭鸣茗若发柱树花',
  // less common, still usual in names
  '连苏茵音寅焕环沛培才艾昆扬诗石士仕冉苒南男木慕牧有优佑进晋瑾津嵩颂保湖孝笑筱霄潇骁萧纳珉旻莹瑛影盈',
  '樱滢迎岩妍彦言雁研焱弘屏方舫婕捷洁君峻骏钧桦伦宪立力利礼黎俐莎沙杉善荔枝琼珮璋琰瑗玮炜巍蔚薇维卫',
  '威微为巧姝娥婵媚珏芙蓓蕙莺翠黛娣妹凰鹃霓娉妮蓝翊翼熠烨晔昌畅常彰章璨灿聪丛淼森垚品泓渊沧浪涌汉洲润',
  '淳漫漪霏霁晏景',
  // outside GB 2312
  '玥珺喆堃昇淏祎琤',
].join('')
